/**
 * The shared vocabularies: every coded value the database checks, the API declares and the rules
 * use, defined once. Pure data (no NestJS, no TypeORM): the ground floor everything else stands on.
 * The state machines and the subsets they use (open statuses, transitions) live with their rules.
 */

/* Administrative units: the era a unit belongs to (before or after the 2025 reorganisation), its level, its kind, and whether a succession passed all of a unit or part of it. */
export const ERAS = ['old', 'new'] as const;
export type Era = (typeof ERAS)[number];
export const LEVELS = ['province', 'district', 'commune'] as const;
export type Level = (typeof LEVELS)[number];
export const UNIT_KINDS = ['city', 'province', 'urban_district', 'rural_district', 'town', 'ward', 'township', 'commune', 'special_zone', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export const SHARES = ['full', 'partial'] as const;
export type Share = (typeof SHARES)[number];

/* Who may do what: the roles of a user. */
export const ROLES = ['admin', 'officer', 'inspector', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/* Agencies (the bodies that hold assets) and whether they still exist. */
export const AGENCY_KINDS = [
  'peoples_committee',
  'peoples_council',
  'party_committee',
  'department',
  'public_service_unit',
  'mass_organisation',
  'police',
  'military',
  'other',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];
export const AGENCY_STATUSES = ['active', 'dissolved'] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

/* The kinds of legal document a directive can be. */
export const DIRECTIVE_KINDS = [
  'party_conclusion',
  'party_resolution',
  'resolution',
  'law',
  'decree',
  'decision',
  'circular',
  'official_letter',
  'other',
] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

/* Assets: what they are, where they stand in their handling, and their physical condition. */
export const ASSET_CATEGORIES = ['headquarters', 'public_service_facility', 'housing', 'land_only', 'vehicle', 'equipment', 'other'] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];
export const ASSET_STATUSES = ['in_use', 'surplus', 'action_pending', 'under_renovation', 'transferred', 'sold', 'liquidated', 'recovered'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];
export const ASSET_CONDITIONS = ['good', 'fair', 'poor', 'dilapidated'] as const;
export type AssetCondition = (typeof ASSET_CONDITIONS)[number];

/* The handling workflow: action types and the methods of each, action statuses, and the kinds of document attached to an action or an asset. */
export const ACTION_TYPES = ['retention', 'reallocation', 'disposal', 'renovation', 'repurposing'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
const METHODS_OF_TYPE = {
  retention: ['permanent', 'temporary'],
  reallocation: ['transfer', 'handover_to_locality', 'assignment'],
  disposal: ['sale', 'liquidation', 'recovery', 'land_fund', 'payment_in_kind', 'destruction'],
  renovation: ['repair', 'upgrade', 'extension'],
  repurposing: ['change_of_function', 'change_of_land_use'],
} as const satisfies Record<ActionType, readonly string[]>;
export type Method = (typeof METHODS_OF_TYPE)[ActionType][number];
export const METHODS: Record<ActionType, readonly string[]> = METHODS_OF_TYPE;
export const ALL_METHODS: Method[] = [...new Set(Object.values(METHODS_OF_TYPE).flat())];
/* How a sale is made, and why an action is overdue: past its clause's (or province's) deadline, or a temporary hand-over past its days. */
export const SALE_METHODS = ['auction', 'direct'] as const;
export type SaleMethod = (typeof SALE_METHODS)[number];
export const OVERDUE_KINDS = ['clause_deadline', 'temporary_handover'] as const;
export type OverdueKind = (typeof OVERDUE_KINDS)[number];
export const ACTION_STATUSES = ['draft', 'submitted', 'approved', 'accepted', 'in_progress', 'completed', 'rejected', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const DOCUMENT_KINDS = [
  'decision',
  'land_certificate',
  'handover_minutes',
  'valuation_report',
  'auction_result',
  'contract',
  'acceptance_minutes',
  'plan',
  'photo',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/*
 * What a handled surplus facility is used for afterwards: the Ministry of Finance's nine reporting
 * categories, in the order it publishes them. A retention or reallocation chooses one of the first
 * seven; a repurposing takes its purpose's; a disposal counts as one of the last two (src/rules/new-use.ts).
 */
export const NEW_USES = [
  'working_office',
  'public_service_facility',
  'official_housing',
  'education_training',
  'health',
  'culture_sports',
  'other_public_use',
  'land_fund_or_housing_business',
  'other_use_under_plan',
] as const;
export type NewUse = (typeof NEW_USES)[number];

/* Inspections and their findings. */
export const INSPECTION_STATUSES = ['planned', 'in_progress', 'closed'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const SUBJECT_TYPES = ['asset', 'action', 'province'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const FINDING_CATEGORIES = [
  'no_legal_basis',
  'clause_not_in_force',
  'below_valuation',
  'missing_document',
  'overdue',
  'backdated_decision',
  'unauthorised_use',
  'priority_ignored',
  'plan_update_missing',
  'valuation_expired',
  'dates_inconsistent',
  'renovated_then_disposed',
  'other',
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
export const SEVERITIES = ['info', 'minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const FINDING_STATUSES = ['suggested', 'open', 'resolved', 'dismissed'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/*
 * Obstacles and recommendations a province reports on a facility or an action (Conclusion 221): what
 * kind of difficulty, to whom it is addressed (a ministry, or the centre: the Government, the Party's
 * central bodies), and whether the answer has come.
 */
export const OBSTACLE_KINDS = [
  'legal_framework',
  'competence',
  'land_records',
  'planning',
  'valuation',
  'funding',
  'procedure',
  'encroachment_dispute',
  'other',
] as const;
export type ObstacleKind = (typeof OBSTACLE_KINDS)[number];
export const OBSTACLE_ADDRESSEES = [
  'ministry_of_finance',
  'ministry_of_agriculture_and_environment',
  'ministry_of_construction',
  'ministry_of_home_affairs',
  'ministry_of_justice',
  'other_ministry',
  'government',
  'central_organization_committee',
  'politburo_secretariat',
] as const;
export type ObstacleAddressee = (typeof OBSTACLE_ADDRESSEES)[number];
export const OBSTACLE_STATUSES = ['open', 'answered'] as const;
export type ObstacleStatus = (typeof OBSTACLE_STATUSES)[number];

/* Report jobs: where a job stands. */
export const REPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportJobStatus = (typeof REPORT_JOB_STATUSES)[number];
