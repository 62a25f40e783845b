import type { L10n } from '../bot';

/** The events module's Discord texts, in English and Spanish. */
export const eventTexts = {
  starts: { en: 'Starts', es: 'Empieza' },
  seats: { en: 'Seats', es: 'Plazas' },
  waitlist: { en: 'Waitlist', es: 'Lista de espera' },
  signUp: { en: 'Sign up', es: 'Inscribirme' },
  withdraw: { en: 'Withdraw', es: 'Retirarme' },
  cancelled: { en: 'This event was cancelled.', es: 'Este evento se canceló.' },
  noUpcoming: { en: 'No upcoming events.', es: 'No hay eventos próximos.' },
  upcomingTitle: { en: 'Upcoming events', es: 'Próximos eventos' },
  upcomingLine: {
    en: '**{title}** — <t:{unix}:F> (<t:{unix}:R>) — {confirmed}/{capacity} seats, {waitlisted} waiting',
    es: '**{title}** — <t:{unix}:F> (<t:{unix}:R>) — {confirmed}/{capacity} plazas, {waitlisted} en espera',
  },
  confirmed: {
    en: 'You are in **{title}**: seat {position} of {capacity}.',
    es: 'Estás en **{title}**: plaza {position} de {capacity}.',
  },
  waitlisted: {
    en: '**{title}** is full: you are number {position} on the waitlist. You move up when a seat frees.',
    es: '**{title}** está completo: eres el número {position} en la lista de espera. Subirás cuando se libere una plaza.',
  },
  alreadyConfirmed: {
    en: 'You already have seat {position} in **{title}**.',
    es: 'Ya tienes la plaza {position} en **{title}**.',
  },
  alreadyWaitlisted: {
    en: 'You are already number {position} on the waitlist of **{title}**.',
    es: 'Ya eres el número {position} en la lista de espera de **{title}**.',
  },
  withdrawn: {
    en: 'You withdrew from **{title}**.',
    es: 'Te retiraste de **{title}**.',
  },
  notSignedUp: {
    en: 'You are not signed up to this event.',
    es: 'No estás inscrito en este evento.',
  },
  closed: {
    en: 'Sign-ups for this event are closed.',
    es: 'Las inscripciones de este evento están cerradas.',
  },
  notOpenYet: {
    en: 'Sign-ups open <t:{unix}:R>.',
    es: 'Las inscripciones abren <t:{unix}:R>.',
  },
  notLinked: {
    en: 'This server is no longer linked to a Guildhall community.',
    es: 'Este servidor ya no está vinculado a una comunidad de Guildhall.',
  },
  eventGone: {
    en: 'This event no longer exists.',
    es: 'Este evento ya no existe.',
  },
  eventNotFound: {
    en: 'No published event is called "{title}".',
    es: 'Ningún evento publicado se llama "{title}".',
  },
  announced: {
    en: 'Announced **{title}** in this channel.',
    es: 'Anunciado **{title}** en este canal.',
  },
  cannotPost: {
    en: 'I cannot post in this channel: give me the Send Messages permission here.',
    es: 'No puedo publicar en este canal: dame el permiso Enviar mensajes aquí.',
  },
} satisfies Record<string, L10n>;
