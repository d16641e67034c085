import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

// Nothing may escape as an uncaught error: report it in the console and carry on.
window.addEventListener('unhandledrejection', (e) => {
  console.error('unhandled rejection', e.reason);
  e.preventDefault();
});

export default mount(App, { target });
