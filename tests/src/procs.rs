//! Processes as Linux's /proc shows them: which belong to a session, and how much memory a
//! process tree holds (for the benchmarks' memory figures).

use std::path::Path;

/// Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let after = &stat[stat.rfind(')')? + 1..];
    Some(after.split_whitespace().map(str::to_owned).collect())
}

fn all_pids() -> Vec<u32> {
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// The processes of process group `pgid`.
pub fn in_group(pgid: u32) -> Vec<u32> {
    all_pids()
        .into_iter()
        .filter(|p| {
            stat_fields(*p).is_some_and(|f| f.get(2).and_then(|g| g.parse().ok()) == Some(pgid))
        })
        .collect()
}

/// The process's name (its executable's, cut to 15 bytes by the kernel).
pub fn name(pid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .ok()
        .map(|s| s.trim_end().to_owned())
}

/// `pid` and every process below it (WebKit's web and network processes, through bubblewrap).
pub fn tree(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = all_pids()
        .into_iter()
        .filter_map(|p| Some((p, stat_fields(p)?.get(1)?.parse().ok()?)))
        .collect();
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    found
}

/// One process's resident memory, KiB: proportional (shared pages divided among their users)
/// and whole.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Memory {
    pub pss_kib: u64,
    pub rss_kib: u64,
}

/// What /proc/PID/smaps_rollup says (None once the process is gone).
pub fn memory(pid: u32) -> Option<Memory> {
    let text = std::fs::read_to_string(
        Path::new("/proc")
            .join(pid.to_string())
            .join("smaps_rollup"),
    )
    .ok()?;
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    Some(Memory {
        pss_kib: field("Pss:")?,
        rss_kib: field("Rss:")?,
    })
}

/// The memory of `pid`'s whole tree, in all and per process name.
pub fn tree_memory(pid: u32) -> (Memory, Vec<(String, Memory)>) {
    let mut total = Memory::default();
    let mut each = Vec::new();
    for p in tree(pid) {
        if let Some(m) = memory(p) {
            total.pss_kib += m.pss_kib;
            total.rss_kib += m.rss_kib;
            each.push((name(p).unwrap_or_default(), m));
        }
    }
    (total, each)
}
