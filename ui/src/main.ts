import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

// Where start-up time goes, read by the launch benchmark (performance marks 'boot:…'): here
// every module of the bundle has been evaluated (ECharts among them); the app is not mounted yet.
performance.mark('boot:script');

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// Nothing may escape as an uncaught error: report it in the console and carry on.
window.addEventListener('unhandledrejection', (e) => {
  console.error('unhandled rejection', e.reason);
  e.preventDefault();
});

// The static shell of index.html goes in the same task as the app mounts: no blank frame between.
target.replaceChildren();
const app = mount(App, { target });
performance.mark('boot:mounted');
export default app;
