import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { noStore } from '../../core/security-headers';
import { findPendingLink, type LinkProvider, type PendingLink, takePendingLink } from './sign-in';

type Language = 'en' | 'es';

const texts = {
  en: {
    title: (provider: string) => `Link your ${provider} account`,
    intro: (provider: string, account: string, user: string) =>
      `You are signed in to Guildhall as ${user}. Link the ${provider} account ${account} to it?`,
    after: (provider: string, user: string) =>
      `Once linked, signing in with this ${provider} account signs you in as ${user}.`,
    warning: 'If you did not start this, cancel: someone may be trying to attach their account to yours.',
    confirm: (account: string) => `Link ${account}`,
    cancel: 'Cancel',
  },
  es: {
    title: (provider: string) => `Vincular tu cuenta de ${provider}`,
    intro: (provider: string, account: string, user: string) =>
      `Has iniciado sesión en Guildhall como ${user}. ¿Vincular a ella la cuenta de ${provider} ${account}?`,
    after: (provider: string, user: string) =>
      `Una vez vinculada, iniciar sesión con esta cuenta de ${provider} te identificará como ${user}.`,
    warning: 'Si no lo has iniciado tú, cancela: alguien podría intentar unir su cuenta a la tuya.',
    confirm: (account: string) => `Vincular ${account}`,
    cancel: 'Cancelar',
  },
} as const;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The first of our languages the browser lists, by its order of preference. */
export function languageFromAcceptLanguage(header: string | undefined): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const hit = ranked.find((x) => x.lang === 'en' || x.lang === 'es');
  return hit ? (hit.lang as Language) : null;
}

/** The confirmation page: names the account and the user, and posts back to itself. */
export function renderLinkPage(
  lang: Language,
  providerLabel: string,
  account: string,
  user: string,
  action: string,
): string {
  const t = texts[lang];
  const [p, a, u] = [providerLabel, account, user].map(escapeHtml) as [string, string, string];
  const strongA = `<strong>${a}</strong>`;
  const strongU = `<strong>${u}</strong>`;
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title(p)} · Guildhall</title></head>
<body>
<main>
<h1>${t.title(p)}</h1>
<p>${t.intro(p, strongA, strongU)}</p>
<p>${t.after(p, strongU)}</p>
<p>${t.warning}</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">${t.confirm(a)}</button></form>
<p><a href="/">${t.cancel}</a></p>
</main>
</body>
</html>
`;
}

export interface LinkConfirmation {
  provider: LinkProvider;
  label: string;
  /** The language of the page when the provider knows better than the browser (a community's). */
  language?: (pending: PendingLink) => Promise<Language | null>;
  /** How the page names the account (default: its display name, else its id). */
  accountLabel?: (pending: PendingLink) => string;
  /** Links the account to the signed-in user; answers where to send the browser next. */
  apply: (pending: PendingLink, principal: Extract<Principal, { kind: 'user' }>) => Promise<string>;
}

const zLinkQuery = z.object({ p: z.string().min(10).max(200) });

const signedIn = (request: FastifyRequest) => {
  const p = request.principal;
  if (p.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
  return p;
};

/**
 * `GET /auth/<provider>/link?p=…` shows which account would be linked to whom;
 * `POST` to the same URL (a same-origin form, so the CSRF rule applies) links it.
 */
export function registerLinkConfirmation(app: FastifyInstance, ctx: AppContext, link: LinkConfirmation) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const url = `/auth/${link.provider}/link`;
  // The confirmation is a plain HTML form: its empty urlencoded body carries nothing we read.
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, _body, done) => done(null, {}),
    );
  }

  typed.get(
    url,
    { schema: { tags: ['identity'], querystring: zLinkQuery }, config: noStore },
    async (request, reply) => {
      const user = signedIn(request);
      const pending = await findPendingLink(ctx, request, link.provider, link.label, request.query.p);
      const lang =
        (await link.language?.(pending)) ??
        languageFromAcceptLanguage(request.headers['accept-language']) ??
        'en';
      const account = link.accountLabel?.(pending) ?? pending.displayName ?? pending.providerAccountId;
      return reply
        .type('text/html; charset=utf-8')
        .send(renderLinkPage(lang, link.label, account, user.displayName, request.url));
    },
  );

  typed.post(
    url,
    { schema: { tags: ['identity'], querystring: zLinkQuery }, config: noStore },
    async (request, reply) => {
      const user = signedIn(request);
      const pending = await takePendingLink(ctx, request, link.provider, link.label, request.query.p);
      return reply.redirect(await link.apply(pending, user), 303);
    },
  );
}
