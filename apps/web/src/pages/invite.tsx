import type { TInviteAccepted, TInvitePreview } from '@guildhall/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useMe } from '../api/queries';
import { OnboardingFrame } from '../components/create-community';
import { ErrorState, Notice, Spinner } from '../components/ui';
import { useFormat } from '../lib/format';
import { forgetPendingInvite, rememberPendingInvite } from '../lib/pending-invite';

export const Route = createLazyRoute('/invite/$token')({ component: InvitePage });

/**
 * An invite link: whose invite it is and as what; signing in (any way the installation offers)
 * comes back here, and accepting makes the user a member or officer and opens the community.
 */
function InvitePage() {
  const { token } = useParams({ from: '/invite/$token' });
  const { t } = useTranslation();
  const f = useFormat(undefined);
  const me = useMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const preview = useQuery({
    queryKey: ['invite', token],
    queryFn: () => api<TInvitePreview>(`/api/v1/invites/${encodeURIComponent(token)}`),
    staleTime: 0,
  });
  const accept = useMutation({
    mutationFn: () =>
      api<TInviteAccepted>(`/api/v1/invites/${encodeURIComponent(token)}/accept`, { method: 'POST' }),
    onSuccess: async (r) => {
      forgetPendingInvite();
      await qc.invalidateQueries({ queryKey: ['me'] });
      await navigate({ to: '/c/$cid', params: { cid: r.communityId } });
    },
  });
  const state = preview.data?.state;
  // A link that cannot be used any more is not worth coming back to after signing in.
  useEffect(() => {
    if (state && state !== 'open') forgetPendingInvite();
  }, [state]);

  let body: React.ReactNode;
  if (preview.isPending || me.isPending) body = <Spinner label={t('state.loading')} />;
  else if (preview.error) body = <ErrorState error={preview.error} onRetry={() => preview.refetch()} />;
  else if (state !== 'open') {
    body = (
      <div data-testid="invite-unusable" data-state={state}>
        <h1 className="h-display text-xl">{t(`invite.state.${state ?? 'unknown'}`)}</h1>
        <p className="mt-2 text-sm text-muted">{t('invite.askAgain')}</p>
        <Link to="/" className="btn mt-4">
          {t('state.goHome')}
        </Link>
      </div>
    );
  } else {
    const p = preview.data!;
    const signedIn = Boolean(me.data?.user);
    body = (
      <div data-testid="invite-open">
        <p className="text-sm text-muted">{t('invite.youAreInvited')}</p>
        <h1 className="h-display mt-1 text-2xl" data-testid="invite-community">
          {p.community?.name}
        </h1>
        <p className="mt-2 text-sm">
          {t('invite.asRole', { role: t(`app.role.${p.role}`) })}
          {p.expiresAt && (
            <span className="text-faint"> · {t('invite.expires', { when: f.dateTime(p.expiresAt) })}</span>
          )}
        </p>
        {signedIn ? (
          <div className="mt-5 space-y-3">
            <p className="text-sm text-muted">
              {t('invite.signedInAs', { name: me.data!.user!.displayName })}
            </p>
            <button
              type="button"
              className="btn btn-primary w-full"
              data-testid="invite-accept"
              disabled={accept.isPending}
              onClick={() => accept.mutate()}
            >
              {t('invite.accept')}
            </button>
            {accept.error && <ErrorState error={accept.error} />}
          </div>
        ) : (
          <div className="mt-5 space-y-3">
            <Notice kind="info">{t('invite.signInFirst')}</Notice>
            <Link
              to="/signin"
              search={p.community ? { c: p.community.id } : {}}
              className="btn btn-primary w-full"
              data-testid="invite-signin"
              onClick={() => rememberPendingInvite(token)}
            >
              {t('app.signIn')}
            </Link>
          </div>
        )}
      </div>
    );
  }
  return (
    <OnboardingFrame>
      <div className="card p-6">{body}</div>
    </OnboardingFrame>
  );
}
