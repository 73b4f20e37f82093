/** Entry of the littoral app: DSFR styles, then the app; any failure becomes the error page. */
import '@gouvfr/dsfr/dist/dsfr.min.css';
import './style.css';
import { startApp } from './app/start-app.js';
import { recordError } from './app/status.js';
import { showErrorPage } from './ui/error-page.js';

startApp().catch((error: unknown) => {
  showErrorPage(document.getElementById('main') as HTMLElement, error);
  recordError(error);
});
