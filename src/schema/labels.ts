/**
 * The Vietnamese and English label of every coded value of vocabulary.ts, defined once: what the
 * exports, the import template, the reports and the inspection records show in place of a code, and
 * what the spreadsheet import accepts besides the code. Each map is typed by its vocabulary, so a
 * value without its labels (or a label of no value) does not compile. Pure data and one matcher.
 *
 * The wording is the administrative Vietnamese of the directives and of the Ministry of Finance's
 * forms (Điều chuyển, Bán, Thanh lý, Thu hồi, Trụ sở làm việc, Cơ sở hoạt động sự nghiệp, Nhà ở công
 * vụ…). Labels are sentence case; the status report writes "type: method" with the method's label in
 * lower case (cells.ts), and its labels were chosen so that the reports read as they did.
 */
import type {
  ActionStatus,
  ActionType,
  AgencyKind,
  AgencyStatus,
  AssetCategory,
  AssetCondition,
  AssetStatus,
  DirectiveKind,
  DocumentKind,
  Era,
  FindingCategory,
  FindingStatus,
  InspectionStatus,
  Level,
  Method,
  NewUse,
  ObstacleAddressee,
  ObstacleKind,
  ObstacleStatus,
  OverdueKind,
  ReportJobStatus,
  Role,
  SaleMethod,
  Severity,
  Share,
  SubjectType,
  UnitKind,
} from './vocabulary';
import {
  ACTION_STATUSES,
  ACTION_TYPES,
  AGENCY_KINDS,
  AGENCY_STATUSES,
  ALL_METHODS,
  ASSET_CATEGORIES,
  ASSET_CONDITIONS,
  ASSET_STATUSES,
  DIRECTIVE_KINDS,
  DOCUMENT_KINDS,
  ERAS,
  FINDING_CATEGORIES,
  FINDING_STATUSES,
  INSPECTION_STATUSES,
  LEVELS,
  NEW_USES,
  OBSTACLE_ADDRESSEES,
  OBSTACLE_KINDS,
  OBSTACLE_STATUSES,
  OVERDUE_KINDS,
  REPORT_JOB_STATUSES,
  ROLES,
  SALE_METHODS,
  SEVERITIES,
  SHARES,
  SUBJECT_TYPES,
  UNIT_KINDS,
} from './vocabulary';

/** A value's label in each language the API speaks (`LANGUAGES` of src/common/language.ts; a unit test keeps the two in step). */
export interface Label {
  readonly vi: string;
  readonly en: string;
}
export type Labels<T extends string> = Readonly<Record<T, Label>>;

export const ERA_LABELS: Labels<Era> = {
  old: { vi: 'Trước sắp xếp (trước 01/7/2025)', en: 'Before the reorganisation (before 1 July 2025)' },
  new: { vi: 'Sau sắp xếp (từ 01/7/2025)', en: 'After the reorganisation (from 1 July 2025)' },
};

export const LEVEL_LABELS: Labels<Level> = {
  province: { vi: 'Cấp tỉnh', en: 'Province level' },
  district: { vi: 'Cấp huyện', en: 'District level' },
  commune: { vi: 'Cấp xã', en: 'Commune level' },
};

export const UNIT_KIND_LABELS: Labels<UnitKind> = {
  city: { vi: 'Thành phố', en: 'City' },
  province: { vi: 'Tỉnh', en: 'Province' },
  urban_district: { vi: 'Quận', en: 'Urban district' },
  rural_district: { vi: 'Huyện', en: 'Rural district' },
  town: { vi: 'Thị xã', en: 'Town' },
  ward: { vi: 'Phường', en: 'Ward' },
  township: { vi: 'Thị trấn', en: 'Township' },
  commune: { vi: 'Xã', en: 'Commune' },
  special_zone: { vi: 'Đặc khu', en: 'Special zone' },
  other: { vi: 'Loại khác', en: 'Other' },
};

export const SHARE_LABELS: Labels<Share> = {
  full: { vi: 'Toàn bộ', en: 'Whole' },
  partial: { vi: 'Một phần', en: 'Part' },
};

export const ROLE_LABELS: Labels<Role> = {
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  officer: { vi: 'Cán bộ quản lý tài sản công', en: 'Public-asset officer' },
  inspector: { vi: 'Cán bộ thanh tra, kiểm tra', en: 'Inspector' },
  viewer: { vi: 'Người xem (chỉ đọc)', en: 'Viewer (read only)' },
};

export const AGENCY_KIND_LABELS: Labels<AgencyKind> = {
  peoples_committee: { vi: 'Ủy ban nhân dân', en: "People's Committee" },
  peoples_council: { vi: 'Hội đồng nhân dân', en: "People's Council" },
  party_committee: { vi: 'Cấp ủy, cơ quan Đảng', en: 'Party committee' },
  department: { vi: 'Cơ quan chuyên môn (sở, phòng, ban)', en: 'Specialised department' },
  public_service_unit: { vi: 'Đơn vị sự nghiệp công lập', en: 'Public service unit' },
  mass_organisation: { vi: 'Mặt trận Tổ quốc, tổ chức chính trị - xã hội', en: 'Fatherland Front or mass organisation' },
  police: { vi: 'Công an', en: 'Police' },
  military: { vi: 'Cơ quan quân sự', en: 'Military' },
  other: { vi: 'Cơ quan, tổ chức khác', en: 'Other body' },
};

export const AGENCY_STATUS_LABELS: Labels<AgencyStatus> = {
  active: { vi: 'Đang hoạt động', en: 'Active' },
  dissolved: { vi: 'Đã giải thể, kết thúc hoạt động', en: 'Dissolved' },
};

export const DIRECTIVE_KIND_LABELS: Labels<DirectiveKind> = {
  party_conclusion: { vi: 'Kết luận của Bộ Chính trị, Ban Bí thư', en: 'Party conclusion' },
  party_resolution: { vi: 'Nghị quyết của Đảng', en: 'Party resolution' },
  resolution: { vi: 'Nghị quyết', en: 'Resolution' },
  law: { vi: 'Luật', en: 'Law' },
  decree: { vi: 'Nghị định', en: 'Decree' },
  decision: { vi: 'Quyết định', en: 'Decision' },
  circular: { vi: 'Thông tư', en: 'Circular' },
  official_letter: { vi: 'Công văn, công điện', en: 'Official letter or dispatch' },
  other: { vi: 'Văn bản khác', en: 'Other document' },
};

export const ASSET_CATEGORY_LABELS: Labels<AssetCategory> = {
  headquarters: { vi: 'Trụ sở làm việc', en: 'Working office' },
  public_service_facility: { vi: 'Cơ sở hoạt động sự nghiệp', en: 'Public-service facility' },
  housing: { vi: 'Nhà ở công vụ', en: 'Official housing' },
  land_only: { vi: 'Đất không có công trình', en: 'Land without buildings' },
  vehicle: { vi: 'Xe ô tô, phương tiện vận tải', en: 'Vehicle' },
  equipment: { vi: 'Máy móc, thiết bị', en: 'Machinery and equipment' },
  other: { vi: 'Tài sản khác', en: 'Other asset' },
};

export const ASSET_STATUS_LABELS: Labels<AssetStatus> = {
  in_use: { vi: 'Đang sử dụng', en: 'In use' },
  surplus: { vi: 'Dôi dư', en: 'Surplus' },
  action_pending: { vi: 'Đang xử lý', en: 'Being handled' },
  under_renovation: { vi: 'Đang cải tạo, sửa chữa', en: 'Under renovation' },
  transferred: { vi: 'Đã chuyển giao', en: 'Transferred' },
  sold: { vi: 'Đã bán', en: 'Sold' },
  liquidated: { vi: 'Đã thanh lý', en: 'Liquidated' },
  recovered: { vi: 'Đã thu hồi', en: 'Recovered by the State' },
};

export const ASSET_CONDITION_LABELS: Labels<AssetCondition> = {
  good: { vi: 'Tốt', en: 'Good' },
  fair: { vi: 'Trung bình', en: 'Fair' },
  poor: { vi: 'Kém', en: 'Poor' },
  dilapidated: { vi: 'Hư hỏng, xuống cấp nặng', en: 'Dilapidated' },
};

/** The status report prints these as its "by action type" columns (cells.ts): changing one changes every report. */
export const ACTION_TYPE_LABELS: Labels<ActionType> = {
  retention: { vi: 'Giữ lại tiếp tục sử dụng', en: 'Retention' },
  reallocation: { vi: 'Điều chuyển, chuyển giao', en: 'Reallocation' },
  disposal: { vi: 'Bán, thanh lý, thu hồi', en: 'Disposal' },
  renovation: { vi: 'Cải tạo, sửa chữa', en: 'Renovation' },
  repurposing: { vi: 'Chuyển đổi công năng', en: 'Repurposing' },
};

/** As ACTION_TYPE_LABELS: the report's "type: method" columns print these in lower case. */
export const METHOD_LABELS: Labels<Method> = {
  permanent: { vi: 'Lâu dài', en: 'Permanent' },
  temporary: { vi: 'Tạm thời', en: 'Temporary' },
  transfer: { vi: 'Điều chuyển', en: 'Transfer' },
  handover_to_locality: { vi: 'Chuyển giao về địa phương', en: 'Hand-over to the locality' },
  assignment: { vi: 'Giao', en: 'Assignment' },
  sale: { vi: 'Bán', en: 'Sale' },
  liquidation: { vi: 'Thanh lý', en: 'Liquidation' },
  recovery: { vi: 'Thu hồi', en: 'Recovery' },
  land_fund: { vi: 'Giao tổ chức phát triển quỹ đất', en: 'To the land fund' },
  payment_in_kind: { vi: 'Thanh toán theo hợp đồng BT', en: 'Payment in kind' },
  destruction: { vi: 'Tiêu hủy', en: 'Destruction' },
  repair: { vi: 'Sửa chữa', en: 'Repair' },
  upgrade: { vi: 'Nâng cấp', en: 'Upgrade' },
  extension: { vi: 'Mở rộng', en: 'Extension' },
  change_of_function: { vi: 'Chuyển đổi công năng', en: 'Change of function' },
  change_of_land_use: { vi: 'Chuyển mục đích sử dụng đất', en: 'Change of land use' },
};

export const SALE_METHOD_LABELS: Labels<SaleMethod> = {
  auction: { vi: 'Bán đấu giá', en: 'Auction' },
  direct: { vi: 'Bán chỉ định', en: 'Direct sale' },
};

export const OVERDUE_KIND_LABELS: Labels<OverdueKind> = {
  clause_deadline: { vi: 'Quá thời hạn theo văn bản chỉ đạo', en: 'Past the clause deadline' },
  temporary_handover: { vi: 'Quá thời hạn bàn giao tạm', en: 'Temporary hand-over overdue' },
};

export const ACTION_STATUS_LABELS: Labels<ActionStatus> = {
  draft: { vi: 'Dự thảo', en: 'Draft' },
  submitted: { vi: 'Đã trình', en: 'Submitted' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  accepted: { vi: 'Tỉnh nhận đã tiếp nhận', en: 'Accepted by the receiving province' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress' },
  completed: { vi: 'Đã hoàn thành', en: 'Completed' },
  rejected: { vi: 'Không phê duyệt', en: 'Rejected' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

export const DOCUMENT_KIND_LABELS: Labels<DocumentKind> = {
  decision: { vi: 'Quyết định', en: 'Decision' },
  land_certificate: { vi: 'Giấy chứng nhận quyền sử dụng đất', en: 'Land-use right certificate' },
  handover_minutes: { vi: 'Biên bản bàn giao', en: 'Hand-over minutes' },
  valuation_report: { vi: 'Chứng thư thẩm định giá', en: 'Valuation report' },
  auction_result: { vi: 'Kết quả đấu giá', en: 'Auction result' },
  contract: { vi: 'Hợp đồng', en: 'Contract' },
  acceptance_minutes: { vi: 'Biên bản nghiệm thu', en: 'Acceptance minutes' },
  plan: { vi: 'Phương án, kế hoạch', en: 'Plan' },
  photo: { vi: 'Hình ảnh', en: 'Photo' },
  other: { vi: 'Tài liệu khác', en: 'Other document' },
};

/**
 * The Ministry of Finance's categories of new use, in the words of its weekly report (26 Dec 2025):
 * the status report's by-new-use columns print these, so changing one changes every report.
 */
export const NEW_USE_LABELS: Labels<NewUse> = {
  working_office: { vi: 'Trụ sở làm việc', en: 'Working offices' },
  public_service_facility: {
    vi: 'Cơ sở hoạt động sự nghiệp (trừ giáo dục và đào tạo, y tế, văn hóa, thể thao)',
    en: 'Public-service facilities (other than education, health, culture, sports)',
  },
  official_housing: { vi: 'Nhà ở công vụ', en: 'Official housing' },
  education_training: { vi: 'Giáo dục và đào tạo', en: 'Education and training' },
  health: { vi: 'Y tế', en: 'Health' },
  culture_sports: { vi: 'Thiết chế văn hóa, thể thao', en: 'Culture and sports' },
  other_public_use: { vi: 'Mục đích công cộng khác', en: 'Other public uses' },
  land_fund_or_housing_business: {
    vi: 'Giao tổ chức phát triển quỹ đất, tổ chức kinh doanh nhà quản lý, khai thác',
    en: 'Handed to a land-fund development or housing-business organisation to manage and exploit',
  },
  other_use_under_plan: { vi: 'Sử dụng vào mục đích khác theo phương án được duyệt', en: 'Other uses under the approved plan' },
};

export const REPORT_JOB_STATUS_LABELS: Labels<ReportJobStatus> = {
  queued: { vi: 'Đang chờ', en: 'Queued' },
  running: { vi: 'Đang lập', en: 'Running' },
  done: { vi: 'Đã xong', en: 'Done' },
  failed: { vi: 'Không thành công', en: 'Failed' },
};

export const INSPECTION_STATUS_LABELS: Labels<InspectionStatus> = {
  planned: { vi: 'Kế hoạch', en: 'Planned' },
  in_progress: { vi: 'Đang kiểm tra', en: 'In progress' },
  closed: { vi: 'Đã kết thúc', en: 'Closed' },
};

export const SUBJECT_TYPE_LABELS: Labels<SubjectType> = {
  asset: { vi: 'Tài sản', en: 'Asset' },
  action: { vi: 'Phương án xử lý', en: 'Handling action' },
  province: { vi: 'Tỉnh', en: 'Province' },
};

export const FINDING_CATEGORY_LABELS: Labels<FindingCategory> = {
  no_legal_basis: { vi: 'Không có căn cứ pháp lý', en: 'No legal basis' },
  clause_not_in_force: { vi: 'Căn cứ không còn hiệu lực', en: 'Clause not in force' },
  below_valuation: { vi: 'Giá bán thấp hơn giá thẩm định', en: 'Sold below the valuation' },
  missing_document: { vi: 'Thiếu hồ sơ, tài liệu', en: 'Missing document' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  backdated_decision: { vi: 'Quyết định ký lùi ngày', en: 'Backdated decision' },
  unauthorised_use: { vi: 'Sử dụng không đúng thẩm quyền', en: 'Unauthorised use' },
  priority_ignored: { vi: 'Không tuân thủ thứ tự ưu tiên', en: 'Priority order ignored' },
  plan_update_missing: { vi: 'Chưa cập nhật quy hoạch', en: 'Plan update missing' },
  valuation_expired: { vi: 'Kết quả thẩm định giá đã hết hiệu lực', en: 'Valuation no longer valid' },
  dates_inconsistent: { vi: 'Ngày tháng trên hồ sơ mâu thuẫn nhau', en: 'Dates out of order' },
  renovated_then_disposed: { vi: 'Cải tạo, sửa chữa rồi xử lý bán, thanh lý ngay sau đó', en: 'Renovated, then disposed of soon after' },
  other: { vi: 'Khác', en: 'Other' },
};

export const SEVERITY_LABELS: Labels<Severity> = {
  info: { vi: 'Thông tin', en: 'Information' },
  minor: { vi: 'Nhẹ', en: 'Minor' },
  major: { vi: 'Nghiêm trọng', en: 'Major' },
  critical: { vi: 'Đặc biệt nghiêm trọng', en: 'Critical' },
};

export const FINDING_STATUS_LABELS: Labels<FindingStatus> = {
  suggested: { vi: 'Đề xuất tự động', en: 'Suggested by the checks' },
  open: { vi: 'Đang xử lý', en: 'Open' },
  resolved: { vi: 'Đã khắc phục', en: 'Resolved' },
  dismissed: { vi: 'Đã bác bỏ', en: 'Dismissed' },
};

export const OBSTACLE_KIND_LABELS: Labels<ObstacleKind> = {
  legal_framework: { vi: 'Cơ chế, chính sách, căn cứ pháp lý', en: 'Legal framework and policy' },
  competence: { vi: 'Thẩm quyền, phân cấp quyết định', en: 'Competence to decide' },
  land_records: { vi: 'Hồ sơ pháp lý về nhà, đất', en: 'Land and title records' },
  planning: { vi: 'Quy hoạch, kế hoạch sử dụng đất', en: 'Land-use planning' },
  valuation: { vi: 'Xác định giá, thẩm định giá', en: 'Valuation' },
  funding: { vi: 'Kinh phí sửa chữa, cải tạo, chuyển đổi', en: 'Funding' },
  procedure: { vi: 'Trình tự, thủ tục', en: 'Procedure' },
  encroachment_dispute: { vi: 'Tranh chấp, lấn chiếm', en: 'Dispute or encroachment' },
  other: { vi: 'Khó khăn, vướng mắc khác', en: 'Other difficulty' },
};

export const OBSTACLE_ADDRESSEE_LABELS: Labels<ObstacleAddressee> = {
  ministry_of_finance: { vi: 'Bộ Tài chính', en: 'Ministry of Finance' },
  ministry_of_agriculture_and_environment: { vi: 'Bộ Nông nghiệp và Môi trường', en: 'Ministry of Agriculture and Environment' },
  ministry_of_construction: { vi: 'Bộ Xây dựng', en: 'Ministry of Construction' },
  ministry_of_home_affairs: { vi: 'Bộ Nội vụ', en: 'Ministry of Home Affairs' },
  ministry_of_justice: { vi: 'Bộ Tư pháp', en: 'Ministry of Justice' },
  other_ministry: { vi: 'Bộ, ngành trung ương khác', en: 'Another ministry' },
  government: { vi: 'Chính phủ, Thủ tướng Chính phủ', en: 'The Government and the Prime Minister' },
  central_organization_committee: { vi: 'Ban Tổ chức Trung ương', en: 'Central Organization Committee' },
  politburo_secretariat: { vi: 'Bộ Chính trị, Ban Bí thư', en: 'Politburo and Secretariat' },
};

export const OBSTACLE_STATUS_LABELS: Labels<ObstacleStatus> = {
  open: { vi: 'Chưa được trả lời', en: 'Awaiting an answer' },
  answered: { vi: 'Đã được trả lời', en: 'Answered' },
};

/** A vocabulary with its labels: the values in their defined order. */
export interface LabelledVocabulary<T extends string = string> {
  readonly values: readonly T[];
  readonly labels: Labels<T>;
}

const vocabulary = <T extends string>(values: readonly T[], labels: Labels<T>): LabelledVocabulary<T> => ({ values, labels });

/** Every vocabulary of vocabulary.ts with its labels, by name (what the tests walk). */
export const LABELLED_VOCABULARIES = {
  era: vocabulary(ERAS, ERA_LABELS),
  level: vocabulary(LEVELS, LEVEL_LABELS),
  unitKind: vocabulary(UNIT_KINDS, UNIT_KIND_LABELS),
  share: vocabulary(SHARES, SHARE_LABELS),
  role: vocabulary(ROLES, ROLE_LABELS),
  agencyKind: vocabulary(AGENCY_KINDS, AGENCY_KIND_LABELS),
  agencyStatus: vocabulary(AGENCY_STATUSES, AGENCY_STATUS_LABELS),
  directiveKind: vocabulary(DIRECTIVE_KINDS, DIRECTIVE_KIND_LABELS),
  assetCategory: vocabulary(ASSET_CATEGORIES, ASSET_CATEGORY_LABELS),
  assetStatus: vocabulary(ASSET_STATUSES, ASSET_STATUS_LABELS),
  assetCondition: vocabulary(ASSET_CONDITIONS, ASSET_CONDITION_LABELS),
  actionType: vocabulary(ACTION_TYPES, ACTION_TYPE_LABELS),
  method: vocabulary(ALL_METHODS, METHOD_LABELS),
  saleMethod: vocabulary(SALE_METHODS, SALE_METHOD_LABELS),
  overdueKind: vocabulary(OVERDUE_KINDS, OVERDUE_KIND_LABELS),
  actionStatus: vocabulary(ACTION_STATUSES, ACTION_STATUS_LABELS),
  documentKind: vocabulary(DOCUMENT_KINDS, DOCUMENT_KIND_LABELS),
  newUse: vocabulary(NEW_USES, NEW_USE_LABELS),
  inspectionStatus: vocabulary(INSPECTION_STATUSES, INSPECTION_STATUS_LABELS),
  subjectType: vocabulary(SUBJECT_TYPES, SUBJECT_TYPE_LABELS),
  findingCategory: vocabulary(FINDING_CATEGORIES, FINDING_CATEGORY_LABELS),
  severity: vocabulary(SEVERITIES, SEVERITY_LABELS),
  findingStatus: vocabulary(FINDING_STATUSES, FINDING_STATUS_LABELS),
  obstacleKind: vocabulary(OBSTACLE_KINDS, OBSTACLE_KIND_LABELS),
  obstacleAddressee: vocabulary(OBSTACLE_ADDRESSEES, OBSTACLE_ADDRESSEE_LABELS),
  obstacleStatus: vocabulary(OBSTACLE_STATUSES, OBSTACLE_STATUS_LABELS),
  reportJobStatus: vocabulary(REPORT_JOB_STATUSES, REPORT_JOB_STATUS_LABELS),
} as const;

/** A label or code as it is compared: NFC and case-folded (lower case), nothing else. */
export const foldLabel = (text: string): string => text.normalize('NFC').toLowerCase();

/**
 * The value a written text names in a vocabulary: its code, or its Vietnamese or English label,
 * compared after NFC and case folding (foldLabel), exactly otherwise: no accent stripping, no
 * guessing. Undefined when it names none.
 */
export function matcherOf<T extends string>(v: LabelledVocabulary<T>): (text: string) => T | undefined {
  const byText = new Map<string, T>();
  for (const value of v.values) for (const text of [value, v.labels[value].vi, v.labels[value].en]) byText.set(foldLabel(text), value);
  return (text) => byText.get(foldLabel(text));
}
