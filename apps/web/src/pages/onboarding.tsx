import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { CreateCommunity, OnboardingFrame } from '../components/create-community';
import { Spinner } from '../components/ui';

export const Route = createLazyRoute('/new')({ component: NewCommunityPage });

function NewCommunityPage() {
  const me = useMe();
  const { t } = useTranslation();
  return (
    <OnboardingFrame>
      {me.isPending ? (
        <Spinner label={t('state.loading')} />
      ) : me.data?.user?.isInstanceOwner ? (
        <CreateCommunity first={(me.data?.communities.length ?? 0) === 0} />
      ) : (
        <div className="card p-6 text-center">
          <h1 className="h-display text-xl">{t('state.forbidden')}</h1>
          <p className="mt-2 text-sm text-muted">{t('onboarding.ownerOnly')}</p>
        </div>
      )}
    </OnboardingFrame>
  );
}
