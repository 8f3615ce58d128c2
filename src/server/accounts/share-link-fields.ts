/** What a read-only share link may show besides the category and waiting time. */
export const SHARE_FIELDS = ['country', 'service_center', 'milestones', 'note'] as const;
export type ShareField = (typeof SHARE_FIELDS)[number];

export const SHARE_FIELD_LABELS: Record<ShareField, string> = {
  country: 'Country of birth',
  service_center: 'Offices',
  milestones: 'Milestones and their months',
  note: 'Your note',
};

export function isShareField(value: unknown): value is ShareField {
  return typeof value === 'string' && (SHARE_FIELDS as readonly string[]).includes(value);
}
