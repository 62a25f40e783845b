import type { TWizardKind } from '@guildhall/contracts';
import type { WizardDefinition } from './definition';
import { eventWizard } from './event-wizard';
import { trackListWizard, vehicleListWizard } from './list-wizards';

/** Every wizard the engine drives, by kind. */
export const wizards: Record<TWizardKind, WizardDefinition> = {
  event: eventWizard,
  tracklist: trackListWizard,
  vehiclelist: vehicleListWizard,
};

export function wizardOf(kind: string): WizardDefinition | undefined {
  return (wizards as Record<string, WizardDefinition>)[kind];
}
