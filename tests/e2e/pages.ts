/** Every page a visitor can reach, for the accessibility and weight checks. */
export const PUBLIC_PAGES = [
  '/',
  '/explore',
  '/explore?category=n400&office=NEW',
  '/visa-bulletin',
  '/visa-bulletin?category=F4&country=PH&priority_date=2010-01',
  '/feed',
  '/share',
  '/methodology',
  '/privacy',
  '/me',
  '/sign-in',
  '/sign-up',
];
export const ERROR_PAGES = ['/no-such-page'];
