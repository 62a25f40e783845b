import { ApplicationCommandOptionType, ButtonStyle, ComponentType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { toCallback } from './callback';
import { commandPayload } from './command-payload';
import { CUSTOM_ID_MAX, decodeCustomId, encodeCustomId } from './custom-id';
import { languageOfLocale, replyLanguage, translate } from './i18n';

describe('custom_id: module:action:key', () => {
  it('round-trips, keeps colons in the key, and refuses ids over 100 characters', () => {
    const id = encodeCustomId({ module: 'events', action: 'wizard-next', key: 'evt:42:step:3' });
    expect(id).toBe('events:wizard-next:evt:42:step:3');
    expect(decodeCustomId(id)).toEqual({ module: 'events', action: 'wizard-next', key: 'evt:42:step:3' });
    const longest = encodeCustomId({ module: 'm', action: 'a', key: 'k'.repeat(CUSTOM_ID_MAX - 4) });
    expect(longest).toHaveLength(100);
    expect(() => encodeCustomId({ module: 'm', action: 'a', key: 'k'.repeat(CUSTOM_ID_MAX - 3) })).toThrow(
      /101 characters; Discord allows 100/,
    );
    expect(() => encodeCustomId({ module: 'Events', action: 'x', key: '' })).toThrow(/module and action/);
  });

  it('reads nothing from ids Guildhall did not make', () => {
    for (const id of ['', 'plain', 'one:two', ':a:b', 'UP:a:b', `a:b:${'x'.repeat(100)}`])
      expect(decodeCustomId(id)).toBeUndefined();
  });
});

describe('reply language', () => {
  it("is the server's language when set, else the user's locale", () => {
    expect(languageOfLocale('es-419')).toBe('es');
    expect(languageOfLocale('es-ES')).toBe('es');
    expect(languageOfLocale('en-GB')).toBe('en');
    expect(languageOfLocale('pt-BR')).toBe('en');
    expect(replyLanguage(null, 'es-ES')).toBe('es');
    expect(replyLanguage('en', 'es-ES')).toBe('en');
    expect(replyLanguage('es', 'en-US')).toBe('es');
    expect(translate({ en: 'Hi {name}', es: 'Hola {name}' }, 'es', { name: 'Ana' })).toBe('Hola Ana');
  });
});

describe('toCallback: every reply is checked against Discord limits before it leaves', () => {
  it('answers messages ephemeral by default, pinging nobody', () => {
    expect(toCallback({ type: 'message', content: 'hola' })).toEqual({
      type: 4,
      data: { content: 'hola', allowed_mentions: { parse: [] }, flags: 64 },
    });
    expect(toCallback({ type: 'message', content: 'x', ephemeral: false })).toEqual({
      type: 4,
      data: { content: 'x', allowed_mentions: { parse: [] } },
    });
  });

  it('defers: loading state for a new message (ephemeral unless said otherwise) or for the clicked one', () => {
    expect(toCallback({ type: 'defer' })).toEqual({ type: 5, data: { flags: 64 } });
    expect(toCallback({ type: 'defer', ephemeral: false })).toEqual({ type: 5, data: {} });
    expect(toCallback({ type: 'defer', update: true })).toEqual({ type: 6 });
  });

  it('refuses content, embeds, rows, custom_ids and modals over the limits', () => {
    expect(() => toCallback({ type: 'message', content: 'x'.repeat(2001) })).toThrow(/content 2001\/2000/);
    expect(() =>
      toCallback({ type: 'update', embeds: [{ title: 't', description: 'd'.repeat(4097) }] }),
    ).toThrow(/embeds.0.description/);
    const button = (custom_id: string) => ({
      type: ComponentType.Button as const,
      style: ButtonStyle.Primary as const,
      label: 'b',
      custom_id,
    });
    const row = (n: number, prefix = 'a') => ({
      type: ComponentType.ActionRow as const,
      components: Array.from({ length: n }, (_, i) => button(`m:${prefix}:${i}`)),
    });
    expect(() => toCallback({ type: 'message', components: [row(6)] })).toThrow(
      /components.0.components 6\/5/,
    );
    expect(() =>
      toCallback({
        type: 'message',
        components: [row(1, 'a'), row(1, 'b'), row(1, 'c'), row(1, 'd'), row(1, 'e'), row(1, 'f')],
      }),
    ).toThrow(/components 6\/5/);
    expect(() => toCallback({ type: 'message', components: [row(1), row(1)] })).toThrow(/unique/);
    expect(() =>
      toCallback({
        type: 'message',
        components: [{ type: ComponentType.ActionRow, components: [button('x'.repeat(101))] }],
      }),
    ).toThrow(/custom_id of 101 characters/);
    const input = {
      type: 18,
      label: 'Note',
      component: { type: ComponentType.TextInput, custom_id: 'note', style: 1 },
    };
    const modal = (title: string, n = 1) => ({
      type: 'modal' as const,
      modal: {
        custom_id: 'demo:note:1',
        title,
        components: Array.from({ length: n }, () => input) as never,
      },
    });
    expect(toCallback(modal('Notes'))).toMatchObject({ type: 9, data: { title: 'Notes' } });
    expect(() => toCallback(modal('t'.repeat(46)))).toThrow(/modal title of 46/);
    expect(() => toCallback(modal('ok', 6))).toThrow(/6 components/);
  });
});

describe('commandPayload', () => {
  it('carries English defaults and the Spanish names for es-ES and es-419, and checks names', () => {
    const payload = commandPayload({
      name: { en: 'signup', es: 'inscribirse' },
      description: { en: 'Sign up for an event', es: 'Inscríbete en un evento' },
      permission: 'signups',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: { en: 'role', es: 'rol' },
          description: { en: 'Your role', es: 'Tu rol' },
          choices: [{ name: { en: 'Healer', es: 'Sanador' }, value: 'healer' }],
        },
      ],
      handler: async () => ({ type: 'message', content: '' }),
    });
    expect(payload).toMatchObject({
      name: 'signup',
      name_localizations: { 'es-ES': 'inscribirse', 'es-419': 'inscribirse' },
      description_localizations: { 'es-ES': 'Inscríbete en un evento', 'es-419': 'Inscríbete en un evento' },
      options: [
        {
          name: 'role',
          name_localizations: { 'es-419': 'rol' },
          choices: [{ name: 'Healer', name_localizations: { 'es-ES': 'Sanador' }, value: 'healer' }],
        },
      ],
    });
    expect(payload).not.toHaveProperty('default_member_permissions');
    const bad = (en: string) => () =>
      commandPayload({
        name: { en, es: 'x' },
        description: { en: 'd', es: 'd' },
        permission: 'everyone',
        handler: async () => ({ type: 'message' }),
      });
    expect(bad('Signup')).toThrow(/invalid Discord command name/);
    expect(bad('sign up')).toThrow(/invalid Discord command name/);
    expect(bad('x'.repeat(33))).toThrow(/invalid Discord command name/);
  });
});
