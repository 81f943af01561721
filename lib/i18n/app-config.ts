// Brings next-intl into every program that includes this file (the app's build has no
// other import of the bare 'next-intl'), so that the augmentation below has its module.
import type {} from 'next-intl';
import type { Locale } from './config';
import type { Messages } from './messages';

// Types next-intl's keys and locales: `t('Account.titel')` or a message used without
// its placeholders' values is a type error, and so is a locale we do not speak.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
