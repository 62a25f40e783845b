import { languageFromAcceptLanguage } from './link-page';

const texts = {
  en: {
    title: 'Steam is busy',
    body: 'Steam is limiting sign-ins right now, so it could not confirm yours. Nothing was changed. Wait a moment and try again.',
    retry: 'Sign in with Steam again',
    home: 'Back to Guildhall',
  },
  es: {
    title: 'Steam está saturado',
    body: 'Steam está limitando los inicios de sesión ahora mismo y no ha podido confirmar el tuyo. No se ha cambiado nada. Espera un momento y vuelve a intentarlo.',
    retry: 'Volver a iniciar sesión con Steam',
    home: 'Volver a Guildhall',
  },
} as const;

/** The page a Steam sign-in ends on when Steam throttles its check (403/429): retry later. */
export function renderSteamBusyPage(acceptLanguage: string | undefined): string {
  const lang = languageFromAcceptLanguage(acceptLanguage) ?? 'en';
  const t = texts[lang];
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title} · Guildhall</title></head>
<body>
<main>
<h1>${t.title}</h1>
<p>${t.body}</p>
<p><a href="/auth/steam">${t.retry}</a></p>
<p><a href="/">${t.home}</a></p>
</main>
</body>
</html>
`;
}
