/** Every page a visitor can reach, for the accessibility and weight checks. */
export const PUBLIC_PAGES = [
  '/',
  '/explore',
  '/feed',
  '/share',
  '/methodology',
  '/privacy',
  '/me',
  '/sign-in',
  '/sign-up',
];
export const ERROR_PAGES = ['/no-such-page'];
