//! Costscope's core: what a model-training run costs, and the scenarios people save.
//!
//! - [`model`]: inputs, validation and `evaluate` (pure); [`limits`]: every accepted range.
//! - [`realism`]: scaling loss, interruptions, stages, rent vs own, compute-optimal size.
//! - [`analysis`]: series and sweeps built from `evaluate` (pure); [`seek`]: goal seek.
//! - [`uncertainty`]: ranges on inputs, the seeded Monte Carlo and the sensitivity (tornado).
//! - [`catalog`], [`presets`]: sourced data from `assets/`, embedded at compile time.
//! - [`format`]: numbers with units for people.
//! - [`store`]: the SQLite scenario store; [`exchange`]: scenario files.
//! - [`report`]: the summary table and the result file.
//! - [`api`]: the operations the CLI and the desktop app share.
//!
//! Nothing here knows about Tauri, WebKit or the terminal.

pub mod analysis;
pub mod api;
pub mod catalog;
pub mod chart;
pub mod check;
pub mod error;
pub mod exchange;
pub mod format;
pub mod limits;
pub mod model;
pub mod presets;
pub mod realism;
pub mod report;
pub mod seek;
pub mod store;
pub mod ticks;
pub mod uncertainty;

pub use error::{Error, ErrorKind, Result};
pub use model::{evaluate, Evaluation, ScenarioInput};
