import { describe, expect, it } from 'vitest';
import {
  fieldErrors,
  fieldIdFor,
  focusTargetFor,
  formSubmission,
  formValuesFromBody,
  formValuesFromInput,
  MIN_FORM_ROWS,
  rowsToRender,
} from '../../../src/server/timelines/form.ts';

const body = (fields: [string, string][]) => new URLSearchParams(fields);

describe('timeline form', () => {
  const sent = body([
    ['category', 'i140'],
    ['subcategory', 'eb2'],
    ['country', 'IN'],
    ['service_center', ''],
    ['filed_month', '03'],
    ['filed_year', '2024'],
    ['milestone_key', ''],
    ['milestone_month', ''],
    ['milestone_year', ''],
    ['milestone_key', 'receipt'],
    ['milestone_month', '03'],
    ['milestone_year', '2024'],
    ['milestone_key', 'approved'],
    ['milestone_month', ''],
    ['milestone_year', '2024'],
    ['milestone_key', ''],
    ['milestone_month', '05'],
    ['milestone_year', '2024'],
    ['premium', 'on'],
    ['note', '  kept as typed  '],
  ]);

  it('reads what was sent, row by row, as typed', () => {
    const values = formValuesFromBody(sent);
    expect(values).toMatchObject({
      category: 'i140',
      subcategory: 'eb2',
      premium: true,
      concurrent: false,
      note: '  kept as typed  ',
    });
    expect(values.milestones.map((m) => m.key)).toEqual(['', 'receipt', 'approved', '']);
  });

  it('turns the form into the input contract, skipping empty rows and reporting half-filled ones', () => {
    const submission = formSubmission(formValuesFromBody(sent));
    expect(submission.raw).toEqual({
      category: 'i140',
      subcategory: 'eb2',
      country: 'IN',
      office: null,
      later_office: null,
      filed: '2024-03',
      milestones: [
        { key: 'receipt', month: '2024-03' },
        { key: 'approved', month: undefined },
        { key: undefined, month: '2024-05' },
      ],
      premium: true,
      concurrent: false,
      note: '  kept as typed  ',
    });
    expect(submission.rowOf).toEqual([1, 2, 3]);
    expect(submission.issues).toEqual([
      { path: 'milestones.1.month', message: 'Choose the month and the year of “Approved”.' },
      { path: 'milestones.2.key', message: 'Choose which milestone this is, or clear the row.' },
    ]);
  });

  it('asks for a filing month and year when either is missing', () => {
    const submission = formSubmission(
      formValuesFromBody(
        body([
          ['category', 'i485'],
          ['filed_month', '03'],
        ]),
      ),
    );
    expect(submission.issues).toEqual([
      { path: 'filed', message: 'Choose the month and the year you filed.' },
    ]);
    expect(submission.raw['filed']).toBeUndefined();
  });

  it.each([
    ['milestones.0.key', 'milestone-1-key'],
    ['milestones.1.month', 'milestone-2-when'],
    ['milestones.2', 'milestone-3-key'],
    ['milestones', 'milestones'],
    ['note', 'note'],
    ['last_confirmed', ''],
    ['', ''],
    ['unknown', ''],
  ])('maps issue path %s to field %s', (path, id) => {
    expect(fieldIdFor(path, [1, 2, 3])).toBe(id);
  });

  it('groups messages by field and points summary links at focusable controls', () => {
    expect(
      fieldErrors(
        [
          { path: 'note', message: 'a' },
          { path: 'note', message: 'b' },
          { path: '', message: 'c' },
        ],
        [],
      ),
    ).toEqual({ note: ['a', 'b'], '': ['c'] });
    expect(focusTargetFor('filed')).toBe('filed-month');
    expect(focusTargetFor('milestone-2-when')).toBe('milestone-2-month');
    expect(focusTargetFor('country')).toBe('country');
  });

  it('renders enough rows without JavaScript, and more on request', () => {
    const values = formValuesFromInput({
      category: 'n400',
      country: 'MX',
      filed: '2023-02',
      milestones: [{ key: 'biometrics', month: '2023-03' }],
    });
    expect(values).toMatchObject({
      filed_month: '02',
      filed_year: '2023',
      milestones: [{ key: 'biometrics', month: '03', year: '2023' }],
    });
    expect(rowsToRender(values)).toHaveLength(MIN_FORM_ROWS);
    expect(rowsToRender(values, 4)).toHaveLength(MIN_FORM_ROWS + 4);
    expect(rowsToRender(values)[0]).toEqual({ key: 'biometrics', month: '03', year: '2023' });
    // A re-rendered form does not grow by the blank rows it was sent with.
    const sentBack = formValuesFromBody(
      body([
        ['milestone_key', 'receipt'],
        ...Array.from({ length: 7 }, () => ['milestone_key', ''] as [string, string]),
      ]),
    );
    expect(rowsToRender(sentBack)).toHaveLength(MIN_FORM_ROWS);
    expect(rowsToRender(sentBack, 4)).toHaveLength(MIN_FORM_ROWS + 4);
  });
});
