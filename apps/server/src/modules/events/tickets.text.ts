import type { L10n } from '../bot';

/** Every ticket text the bot shows, in English and Spanish. */
export const ticketText = {
  notSetUp: {
    en: 'Tickets are not set up in this server yet: staff run `/ticket-config` first.',
    es: 'Los tickets aún no están configurados en este servidor: el staff ejecuta `/ticket-config` primero.',
  },
  opened: {
    en: 'Ticket #{number} is open: <#{channel}>. Only you and the staff can see it.',
    es: 'El ticket #{number} está abierto: <#{channel}>. Solo tú y el staff podéis verlo.',
  },
  alreadyOpen: {
    en: 'You already have ticket #{number} open: <#{channel}>.',
    es: 'Ya tienes abierto el ticket #{number}: <#{channel}>.',
  },
  welcome: {
    en: 'Ticket #{number} opened by <@{user}>: {subject}\nThe staff will be with you shortly. Describe your request here.',
    es: 'Ticket #{number} abierto por <@{user}>: {subject}\nEl staff te atenderá en breve. Describe aquí tu solicitud.',
  },
  noSubject: { en: '(no subject)', es: '(sin asunto)' },
  claim: { en: 'Claim', es: 'Atender' },
  close: { en: 'Close', es: 'Cerrar' },
  reopen: { en: 'Reopen', es: 'Reabrir' },
  openButton: { en: 'Open a ticket', es: 'Abrir un ticket' },
  panel: {
    en: 'Need help from the staff? Open a ticket: a private channel only you and the staff can see.',
    es: '¿Necesitas ayuda del staff? Abre un ticket: un canal privado que solo tú y el staff podéis ver.',
  },
  subjectTitle: { en: 'Open a ticket', es: 'Abrir un ticket' },
  subjectLabel: { en: 'What is it about?', es: '¿De qué se trata?' },
  claimed: { en: 'Ticket #{number} claimed by {name}.', es: 'Ticket #{number} atendido por {name}.' },
  alreadyClaimed: {
    en: 'Ticket #{number} is already claimed by {name}.',
    es: 'El ticket #{number} ya lo atiende {name}.',
  },
  staffOnly: {
    en: 'Only the ticket staff can do this.',
    es: 'Solo el staff de tickets puede hacer esto.',
  },
  staffOrOwner: {
    en: 'Only the staff or whoever opened the ticket can close it.',
    es: 'Solo el staff o quien abrió el ticket puede cerrarlo.',
  },
  notFound: { en: 'This ticket no longer exists.', es: 'Este ticket ya no existe.' },
  alreadyClosed: { en: 'Ticket #{number} is already closed.', es: 'El ticket #{number} ya está cerrado.' },
  notClosed: { en: 'Ticket #{number} is still open.', es: 'El ticket #{number} sigue abierto.' },
  closing: {
    en: 'Ticket #{number} closed: transcript of {count} messages saved. This channel is being deleted.',
    es: 'Ticket #{number} cerrado: transcripción de {count} mensajes guardada. Este canal se está eliminando.',
  },
  logClosed: {
    en: 'Ticket #{number} ({subject}) opened by <@{opener}>, closed by {closer}. Transcript attached.',
    es: 'Ticket #{number} ({subject}) abierto por <@{opener}>, cerrado por {closer}. Transcripción adjunta.',
  },
  reopened: {
    en: 'Ticket #{number} reopened by {name}: <#{channel}>.',
    es: 'Ticket #{number} reabierto por {name}: <#{channel}>.',
  },
  reopenedWelcome: {
    en: 'Ticket #{number} reopened by {name}. Its earlier conversation is in the transcript log.',
    es: 'Ticket #{number} reabierto por {name}. La conversación anterior está en el registro de transcripciones.',
  },
  missingPermissions: {
    en: 'I am missing permissions to manage ticket channels: give the bot Manage Channels (and Manage Roles) in this server.',
    es: 'Me faltan permisos para gestionar los canales de tickets: da al bot Gestionar canales (y Gestionar roles) en este servidor.',
  },
  rateLimited: {
    en: 'Discord is limiting how fast I can create channels: try again in {seconds} seconds.',
    es: 'Discord limita lo rápido que puedo crear canales: inténtalo de nuevo en {seconds} segundos.',
  },
  guildFull: {
    en: 'This server has reached Discord’s 500-channel limit: delete some channels first.',
    es: 'Este servidor alcanzó el límite de 500 canales de Discord: elimina algunos canales primero.',
  },
  discordError: {
    en: 'Discord refused the request ({message}). Please try again.',
    es: 'Discord rechazó la solicitud ({message}). Inténtalo de nuevo.',
  },
  channelNotDeleted: {
    en: 'Ticket #{number} is closed and its transcript saved, but I could not delete its channel: delete it by hand or give me Manage Channels.',
    es: 'El ticket #{number} está cerrado y su transcripción guardada, pero no pude eliminar su canal: elimínalo a mano o dame Gestionar canales.',
  },
  configSaved: {
    en: 'Tickets: staff roles {roles}; category "{category}"; transcripts to {log}.',
    es: 'Tickets: roles de staff {roles}; categoría "{category}"; transcripciones a {log}.',
  },
  none: { en: 'none', es: 'ninguno' },
  notLogged: { en: 'nowhere (kept in Guildhall)', es: 'ningún sitio (se guardan en Guildhall)' },
} satisfies Record<string, L10n>;
