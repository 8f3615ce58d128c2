/**
 * The catalogue of case categories and their milestones: typed, versioned code that the
 * form, the validation, the statistics and the public API share. Keys are a public
 * contract: never rename one; add new keys and bump CATALOGUE_VERSION.
 */

export const CATALOGUE_VERSION = 2;

export const MILESTONE_KEYS = [
  'filed',
  'receipt',
  'premium_upgrade',
  'biometrics',
  'rfe_issued',
  'rfe_responded',
  'transferred',
  'ead_ap_approved',
  'interview_scheduled',
  'interview',
  'interview_waived',
  'continued',
  'approved',
  'denied',
  'withdrawn',
  'card_produced',
  'card_delivered',
  'document_produced',
  'document_delivered',
  'nvc_received',
  'fees_paid',
  'ds260_submitted',
  'documentarily_qualified',
  'administrative_processing',
  'visa_issued',
  'entered_us',
  'marriage',
  'green_card_received',
  'oath_scheduled',
  'oath',
] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

export const MILESTONE_LABELS: Record<MilestoneKey, string> = {
  filed: 'Filed',
  receipt: 'Receipt notice',
  premium_upgrade: 'Upgraded to premium processing',
  biometrics: 'Biometrics appointment',
  rfe_issued: 'RFE issued',
  rfe_responded: 'RFE responded',
  transferred: 'Transferred',
  ead_ap_approved: 'EAD/AP approved',
  interview_scheduled: 'Interview scheduled',
  interview: 'Interview',
  interview_waived: 'Interview waived',
  continued: 'Case continued',
  approved: 'Approved',
  denied: 'Denied',
  withdrawn: 'Withdrawn',
  card_produced: 'Card produced',
  card_delivered: 'Card delivered',
  document_produced: 'Document produced',
  document_delivered: 'Document delivered',
  nvc_received: 'NVC received',
  fees_paid: 'NVC fees paid',
  ds260_submitted: 'DS-260 submitted',
  documentarily_qualified: 'Documentarily qualified',
  administrative_processing: 'Administrative processing',
  visa_issued: 'Visa issued',
  entered_us: 'Entered the US',
  marriage: 'Married',
  green_card_received: 'Green card received',
  oath_scheduled: 'Oath ceremony scheduled',
  oath: 'Oath ceremony',
};

/** The decision milestones: mutually exclusive; denied and withdrawn end a case. */
export const DECISION_KEYS = ['approved', 'denied', 'withdrawn'] as const satisfies readonly MilestoneKey[];
export type DecisionKey = (typeof DECISION_KEYS)[number];
export const CLOSING_KEYS: readonly MilestoneKey[] = ['denied', 'withdrawn'];

export const CATEGORY_KEYS = ['i130', 'i129f', 'i485', 'i140', 'i765', 'i131', 'i751', 'n400'] as const;
export type CategoryKey = (typeof CATEGORY_KEYS)[number];

export const I140_SUBCATEGORIES = ['eb1a', 'eb1b', 'eb1c', 'eb2', 'eb2-niw', 'eb3'] as const;
export type Subcategory = (typeof I140_SUBCATEGORIES)[number];

export const SUBCATEGORY_LABELS: Record<Subcategory, string> = {
  eb1a: 'EB-1A (extraordinary ability)',
  eb1b: 'EB-1B (outstanding researcher)',
  eb1c: 'EB-1C (multinational manager)',
  eb2: 'EB-2 (PERM)',
  'eb2-niw': 'EB-2 NIW (national interest waiver)',
  eb3: 'EB-3',
};

export const SERVICE_CENTERS = ['NBC', 'NSC', 'TSC', 'CSC', 'VSC', 'YSC', 'field_office', 'unknown'] as const;
export type ServiceCenter = (typeof SERVICE_CENTERS)[number];

export const SERVICE_CENTER_LABELS: Record<ServiceCenter, string> = {
  NBC: 'National Benefits Center (NBC)',
  NSC: 'Nebraska Service Center (NSC)',
  TSC: 'Texas Service Center (TSC)',
  CSC: 'California Service Center (CSC)',
  VSC: 'Vermont Service Center (VSC)',
  YSC: 'Potomac Service Center (YSC)',
  field_office: 'Field office',
  unknown: 'Unknown',
};

/**
 * One position in a category's milestone order. Keys in one step are alternatives:
 * at most one of them may be present (e.g. approved | denied | withdrawn).
 */
export interface MilestoneStep {
  keys: readonly MilestoneKey[];
  /** Only reachable after this decision, e.g. card_produced needs approved. */
  afterApproval?: boolean;
}

/**
 * A milestone that cannot happen without an earlier one: "RFE responded" means an RFE was
 * issued. When a timeline has the later one without the earlier, the earlier one happened in
 * a month nobody remembers: missing data, not a contradiction (docs/decisions/070).
 */
export const PREDECESSORS: Partial<Record<MilestoneKey, MilestoneKey>> = {
  rfe_responded: 'rfe_issued',
  interview: 'interview_scheduled',
  card_delivered: 'card_produced',
  document_delivered: 'document_produced',
  oath: 'oath_scheduled',
};

/**
 * Plausibility limits on the wait between two consecutive milestones, in months
 * (docs/decisions/072 gives the sources). Beyond `flagMonths` a wait is unusual: accepted and
 * flagged for moderators. Beyond `refuseMonths` it is taken for a mistyped year and refused.
 */
export interface WaitLimits {
  flagMonths: number;
  refuseMonths: number;
}

export interface Category {
  key: CategoryKey;
  form: string;
  label: string;
  /** Sub-categories a timeline of this category may carry; empty when none. */
  subcategories: readonly Subcategory[];
  /** Whether the premium and concurrent flags apply. */
  hasFlags: boolean;
  limits: WaitLimits;
  steps: readonly MilestoneStep[];
  /**
   * Pairs of milestones that real cases reach in either order, e.g. an I-485 RFE after the
   * EAD/AP approval (docs/decisions/071). Every other pair must follow the step order.
   */
  eitherOrder: readonly (readonly [MilestoneKey, MilestoneKey])[];
}

const decision: MilestoneStep = { keys: DECISION_KEYS };
const rfe: MilestoneStep[] = [{ keys: ['rfe_issued'] }, { keys: ['rfe_responded'] }];
const RFE_KEYS = ['rfe_issued', 'rfe_responded'] as const;
/** Every pair of one key from `a` and one from `b`: they may come in either order. */
const swappable = (a: readonly MilestoneKey[], b: readonly MilestoneKey[]) =>
  a.flatMap((x) => b.map((y) => [x, y] as const));
const after = (key: MilestoneKey): MilestoneStep => ({ keys: [key], afterApproval: true });
const step = (...keys: MilestoneKey[]): MilestoneStep => ({ keys });

export const CATEGORIES: Record<CategoryKey, Category> = {
  i130: {
    key: 'i130',
    form: 'I-130',
    label: 'I-130 Petition for Alien Relative (family, consular)',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 180, refuseMonths: 360 },
    eitherOrder: swappable(RFE_KEYS, ['transferred']),
    steps: [
      step('filed'),
      step('receipt'),
      ...rfe,
      step('transferred'),
      decision,
      after('nvc_received'),
      after('fees_paid'),
      after('ds260_submitted'),
      after('documentarily_qualified'),
      after('interview_scheduled'),
      after('interview'),
      after('administrative_processing'),
      after('visa_issued'),
      after('entered_us'),
      after('green_card_received'),
    ],
  },
  i129f: {
    key: 'i129f',
    form: 'I-129F',
    label: 'I-129F Petition for Alien Fiancé(e) (K-1)',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 36, refuseMonths: 120 },
    eitherOrder: swappable(RFE_KEYS, ['transferred']),
    steps: [
      step('filed'),
      step('receipt'),
      ...rfe,
      step('transferred'),
      decision,
      after('nvc_received'),
      after('interview_scheduled'),
      after('interview'),
      after('administrative_processing'),
      after('visa_issued'),
      after('entered_us'),
      after('marriage'),
    ],
  },
  i485: {
    key: 'i485',
    form: 'I-485',
    label: 'I-485 Adjustment of Status',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 120, refuseMonths: 240 },
    eitherOrder: [
      ...swappable(RFE_KEYS, [
        'biometrics',
        'ead_ap_approved',
        'transferred',
        'interview_scheduled',
        'interview',
        'interview_waived',
      ]),
      ...swappable(
        ['ead_ap_approved'],
        ['biometrics', 'transferred', 'interview_scheduled', 'interview', 'interview_waived'],
      ),
    ],
    steps: [
      step('filed'),
      step('receipt'),
      step('biometrics'),
      ...rfe,
      step('ead_ap_approved'),
      step('transferred'),
      step('interview_scheduled'),
      step('interview', 'interview_waived'),
      decision,
      after('card_produced'),
      after('card_delivered'),
    ],
  },
  i140: {
    key: 'i140',
    form: 'I-140',
    label: 'I-140 Immigrant Petition for Alien Workers',
    subcategories: I140_SUBCATEGORIES,
    hasFlags: true,
    limits: { flagMonths: 60, refuseMonths: 144 },
    eitherOrder: swappable(['premium_upgrade'], RFE_KEYS),
    steps: [step('filed'), step('receipt'), step('premium_upgrade'), ...rfe, decision],
  },
  i765: {
    key: 'i765',
    form: 'I-765',
    label: 'I-765 Employment Authorization (EAD)',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 36, refuseMonths: 144 },
    eitherOrder: swappable(RFE_KEYS, ['biometrics']),
    steps: [
      step('filed'),
      step('receipt'),
      step('biometrics'),
      ...rfe,
      decision,
      after('card_produced'),
      after('card_delivered'),
    ],
  },
  i131: {
    key: 'i131',
    form: 'I-131',
    label: 'I-131 Travel Document (advance parole, re-entry permit)',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 36, refuseMonths: 120 },
    eitherOrder: swappable(RFE_KEYS, ['biometrics']),
    steps: [
      step('filed'),
      step('receipt'),
      step('biometrics'),
      ...rfe,
      decision,
      after('document_produced'),
      after('document_delivered'),
    ],
  },
  i751: {
    key: 'i751',
    form: 'I-751',
    label: 'I-751 Removal of Conditions',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 48, refuseMonths: 120 },
    eitherOrder: swappable(RFE_KEYS, ['biometrics', 'interview_scheduled', 'interview', 'interview_waived']),
    steps: [
      step('filed'),
      step('receipt'),
      step('biometrics'),
      ...rfe,
      step('interview_scheduled'),
      step('interview', 'interview_waived'),
      decision,
      after('card_produced'),
      after('card_delivered'),
    ],
  },
  n400: {
    key: 'n400',
    form: 'N-400',
    label: 'N-400 Naturalization',
    subcategories: [],
    hasFlags: false,
    limits: { flagMonths: 36, refuseMonths: 120 },
    eitherOrder: [],
    steps: [
      step('filed'),
      step('receipt'),
      step('biometrics'),
      step('interview_scheduled'),
      step('interview'),
      step('continued'),
      decision,
      after('oath_scheduled'),
      after('oath'),
    ],
  },
};

export function isCategoryKey(value: string): value is CategoryKey {
  return (CATEGORY_KEYS as readonly string[]).includes(value);
}

export function isMilestoneKey(value: string): value is MilestoneKey {
  return (MILESTONE_KEYS as readonly string[]).includes(value);
}

/** The milestone keys of a category, in catalogue order. */
export function milestoneOrder(category: CategoryKey): MilestoneKey[] {
  return CATEGORIES[category].steps.flatMap((s) => [...s.keys]);
}

/** Position of a key in its category's order (alternatives share a position); -1 if absent. */
export function stepIndex(category: CategoryKey, key: MilestoneKey): number {
  return CATEGORIES[category].steps.findIndex((s) => s.keys.includes(key));
}

export function categoryLabel(category: CategoryKey, subcategory?: Subcategory | null): string {
  const base = CATEGORIES[category].form;
  return subcategory ? `${base} ${SUBCATEGORY_LABELS[subcategory].replace(/ \(.*\)$/, '')}` : base;
}

/** Whether two milestones of a category may come in either order (docs/decisions/071). */
export function isEitherOrder(category: CategoryKey, a: MilestoneKey, b: MilestoneKey): boolean {
  return CATEGORIES[category].eitherOrder.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** The milestone that `key` cannot happen without in this category, if any. */
export function predecessorOf(category: CategoryKey, key: MilestoneKey): MilestoneKey | undefined {
  const before = PREDECESSORS[key];
  return before !== undefined && stepIndex(category, before) >= 0 ? before : undefined;
}

/**
 * Every milestone that `key` proves happened: its predecessor, the receipt notice (nothing
 * after it happens without one) and, for a step after approval, the approval.
 */
export function impliedMilestones(category: CategoryKey, key: MilestoneKey): MilestoneKey[] {
  const found = new Set<MilestoneKey>();
  const receiptStep = stepIndex(category, 'receipt');
  const visit = (k: MilestoneKey) => {
    const index = stepIndex(category, k);
    const step = CATEGORIES[category].steps[index];
    const direct = [
      predecessorOf(category, k),
      receiptStep >= 0 && index > receiptStep ? ('receipt' as const) : undefined,
      step?.afterApproval ? ('approved' as const) : undefined,
    ];
    for (const d of direct) {
      if (d !== undefined && !found.has(d)) {
        found.add(d);
        visit(d);
      }
    }
  };
  visit(key);
  return [...found];
}

/**
 * The milestones whose presence proves that `target` happened, in catalogue order: with one of
 * them and no `target`, the target's month is missing data and pairs that need it leave the
 * statistics.
 */
export function impliedBy(category: CategoryKey, target: MilestoneKey): MilestoneKey[] {
  return milestoneOrder(category).filter((k) => impliedMilestones(category, k).includes(target));
}

/**
 * The milestones whose presence (without `target` and without anything implying it) means
 * `target` will not come: a closing decision, an alternative at the same step, or any later
 * step that cannot come in either order with it. In catalogue order.
 */
export function closedBy(category: CategoryKey, target: MilestoneKey): MilestoneKey[] {
  const step = stepIndex(category, target);
  const implying = new Set(impliedBy(category, target));
  return milestoneOrder(category).filter(
    (k) =>
      k !== target &&
      !implying.has(k) &&
      (CLOSING_KEYS.includes(k) || (stepIndex(category, k) >= step && !isEitherOrder(category, target, k))),
  );
}
