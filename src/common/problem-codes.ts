/**
 * Every problem the API answers with, once: its code (the `type` is PROBLEM_BASE + code, stable: clients
 * program against it), its HTTP status and its title in each language. A DomainError names a code
 * and gets the rest from here; a code not in this table does not compile. docs/problems.md says when
 * each is answered (test/unit/problem-codes.spec.ts checks that it lists every one). Pure (no NestJS).
 */
import type { Lang } from './language';
import type { Localized } from './localized';

/** Stable problem type URIs: `type` is this followed by the code. */
export const PROBLEM_BASE = 'urn:vn-public-assets:problem:';

/** The statuses a problem can have. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 405 | 406 | 408 | 409 | 412 | 413 | 414 | 415 | 422 | 428 | 429 | 431 | 500 | 503;

interface ProblemKind {
  status: ProblemStatus;
  /** Other statuses the same problem has where it is met (e.g. a wrong TOTP code: 401 at sign-in, 422 once signed in). */
  alsoStatus?: readonly ProblemStatus[];
  vi: string;
  en: string;
}

export const PROBLEM_CODES = {
  // 400: the request cannot be read as sent
  'bad-request': { status: 400, vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  'invalid-parameter': { status: 400, vi: 'Tham số không hợp lệ', en: 'Invalid parameter' },
  'invalid-cursor': { status: 400, vi: 'Con trỏ phân trang không hợp lệ', en: 'Invalid cursor' },
  'too-deep': { status: 400, vi: 'Dữ liệu JSON lồng quá sâu', en: 'JSON nested too deep' },
  'invalid-text': { status: 400, vi: 'Văn bản chứa ký tự không hợp lệ', en: 'Invalid text' },
  'invalid-multipart': { status: 400, vi: 'Dữ liệu multipart không đọc được', en: 'Malformed multipart body' },
  'invalid-if-match': { status: 400, vi: 'If-Match không hợp lệ', en: 'Invalid If-Match' },
  'invalid-idempotency-key': { status: 400, vi: 'Idempotency-Key không hợp lệ', en: 'Invalid Idempotency-Key' },
  // 401, 403: who is asking, and what they may do
  unauthorized: { status: 401, vi: 'Chưa xác thực', en: 'Unauthorized' },
  'totp-required': { status: 401, vi: 'Cần mã xác thực hai lớp', en: 'TOTP code required' },
  'totp-invalid': { status: 401, alsoStatus: [422], vi: 'Mã xác thực hai lớp không đúng', en: 'Invalid TOTP code' },
  forbidden: { status: 403, vi: 'Không có quyền', en: 'Forbidden' },
  'totp-enrolment-required': { status: 403, vi: 'Cần đăng ký xác thực hai lớp', en: 'Second factor enrolment required' },
  'outside-scope': { status: 403, vi: 'Ngoài phạm vi được phép', en: 'Outside your scope' },
  'read-only-role': { status: 403, vi: 'Vai trò chỉ được xem', en: 'Read-only role' },
  'wrong-handover-side': { status: 403, vi: 'Bước này thuộc bên kia của việc bàn giao', en: 'Wrong side of the hand-over' },
  'national-scope-required': { status: 403, vi: 'Chỉ dành cho người dùng cấp trung ương', en: 'National scope required' },
  // 404
  'not-found': { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  'report-format-not-stored': { status: 404, vi: 'Báo cáo không có định dạng này', en: 'Report format not stored' },
  // 405-408: HTTP itself
  'method-not-allowed': { status: 405, vi: 'Phương thức không được phép', en: 'Method not allowed' },
  'not-acceptable': { status: 406, vi: 'Không có định dạng phù hợp để trả về', en: 'Not acceptable' },
  'request-timeout': { status: 408, vi: 'Hết thời gian chờ yêu cầu', en: 'Request timeout' },
  // 409: the stored state does not allow it
  conflict: { status: 409, vi: 'Xung đột dữ liệu', en: 'Conflict' },
  'username-taken': { status: 409, vi: 'Tên đăng nhập đã được dùng', en: 'Username taken' },
  'cannot-lock-out-self': { status: 409, vi: 'Không thể tự khoá quyền của chính mình', en: 'Cannot lock yourself out' },
  'totp-already-enabled': { status: 409, vi: 'Xác thực hai lớp đã được bật', en: 'Second factor already on' },
  'totp-not-pending': { status: 409, vi: 'Không có đăng ký xác thực hai lớp đang chờ xác nhận', en: 'No second factor enrolment pending' },
  'totp-not-enabled': { status: 409, vi: 'Xác thực hai lớp chưa được bật', en: 'Second factor not on' },
  'totp-required-for-admins': { status: 409, vi: 'Quản trị viên bắt buộc dùng xác thực hai lớp', en: 'Second factor required for admins' },
  'agency-code-taken': { status: 409, vi: 'Mã cơ quan, đơn vị đã tồn tại', en: 'Agency code taken' },
  'asset-code-taken': { status: 409, vi: 'Mã tài sản đã tồn tại', en: 'Asset code taken' },
  'directive-number-taken': { status: 409, vi: 'Số hiệu văn bản đã tồn tại', en: 'Directive number taken' },
  'clause-ref-taken': { status: 409, vi: 'Điều khoản đã có trong văn bản', en: 'Clause reference taken' },
  'land-use-category-code-taken': { status: 409, vi: 'Mã loại đất đã tồn tại', en: 'Land-use category code taken' },
  'purpose-code-taken': { status: 409, vi: 'Mã mục đích sử dụng đã tồn tại', en: 'Purpose code taken' },
  'agency-dissolved': { status: 409, vi: 'Cơ quan, đơn vị đã giải thể', en: 'Agency dissolved' },
  'invalid-status': { status: 409, vi: 'Trạng thái tài sản không phù hợp', en: 'Asset status does not allow this' },
  'asset-not-removable': { status: 409, vi: 'Không thể xoá tài sản', en: 'Asset not removable' },
  'idempotency-key-in-progress': { status: 409, vi: 'Yêu cầu cùng Idempotency-Key đang được xử lý', en: 'Idempotency-Key in use' },
  'import-conflict': { status: 409, vi: 'Dữ liệu đã thay đổi trong khi nhập', en: 'Import conflict' },
  'invalid-transition': { status: 409, vi: 'Không thể chuyển trạng thái phương án', en: 'Invalid transition' },
  'handover-not-accepted': { status: 409, vi: 'Tỉnh nhận chưa tiếp nhận', en: 'Hand-over not accepted' },
  'action-not-correctable': { status: 409, vi: 'Không thể điều chỉnh phương án', en: 'Action not correctable' },
  'action-not-draft': { status: 409, vi: 'Phương án không còn là dự thảo', en: 'Action not a draft' },
  'asset-has-open-action': { status: 409, vi: 'Tài sản đang có phương án xử lý chưa kết thúc', en: 'Asset has an open action' },
  'asset-not-actionable': { status: 409, vi: 'Tài sản không thể xử lý thêm', en: 'Asset not actionable' },
  'week-already-signed-off': { status: 409, vi: 'Tỉnh đã ký xác nhận báo cáo tuần này', en: 'Week already signed off' },
  'four-eyes': { status: 409, vi: 'Người trình không được tự phê duyệt', en: 'Four-eyes rule' },
  'new-use-decided': { status: 409, vi: 'Mục đích sử dụng mới đã được quyết định', en: 'New use decided' },
  'plan-update-required': { status: 409, vi: 'Cần điều chỉnh quy hoạch sử dụng đất đã được duyệt', en: 'Plan update required' },
  'plan-update-decided': { status: 409, vi: 'Điều chỉnh quy hoạch đã có quyết định', en: 'Plan update decided' },
  'plan-has-updates': { status: 409, vi: 'Quy hoạch đã có điều chỉnh', en: 'Plan has updates' },
  'document-already-superseded': { status: 409, vi: 'Tài liệu đã được thay thế', en: 'Document already superseded' },
  'inspection-closed': { status: 409, vi: 'Cuộc kiểm tra đã kết thúc', en: 'Inspection closed' },
  'critical-findings-open': { status: 409, vi: 'Còn phát hiện đặc biệt nghiêm trọng chưa xử lý', en: 'Critical findings open' },
  'invalid-finding-transition': { status: 409, vi: 'Không thể chuyển trạng thái phát hiện', en: 'Invalid finding transition' },
  'finding-final': { status: 409, vi: 'Phát hiện đã khép lại', en: 'Finding final' },
  'obstacle-answered': { status: 409, vi: 'Khó khăn, vướng mắc đã được trả lời', en: 'Obstacle answered' },
  // 412-415
  'stale-version': { status: 412, vi: 'Dữ liệu đã thay đổi', en: 'Precondition failed' },
  'payload-too-large': { status: 413, vi: 'Dữ liệu gửi lên quá lớn', en: 'Payload too large' },
  'import-too-large': { status: 413, vi: 'Tệp nhập quá lớn', en: 'Import too large' },
  'uri-too-long': { status: 414, vi: 'Đường dẫn quá dài', en: 'URI too long' },
  'unsupported-media-type': { status: 415, vi: 'Kiểu nội dung không được hỗ trợ', en: 'Unsupported media type' },
  // 422: understood, but its content breaks a rule
  'validation-failed': { status: 422, vi: 'Dữ liệu không hợp lệ', en: 'Validation failed' },
  'unprocessable-content': { status: 422, vi: 'Không xử lý được nội dung', en: 'Unprocessable content' },
  'import-rejected': { status: 422, vi: 'Tệp nhập bị từ chối', en: 'Import rejected' },
  'missing-file': { status: 422, vi: 'Thiếu tệp', en: 'Missing file' },
  'unexpected-file': { status: 422, vi: 'Tệp không đúng yêu cầu', en: 'Unexpected file' },
  'field-after-file': { status: 422, vi: 'Trường gửi sau tệp', en: 'Field after file' },
  'empty-file': { status: 422, vi: 'Tệp rỗng', en: 'Empty file' },
  'wrong-era': { status: 422, vi: 'Sai thời kỳ đơn vị hành chính', en: 'Wrong era' },
  'sign-off-needs-weekly-province-report': { status: 422, vi: 'Chỉ ký xác nhận báo cáo tuần của tỉnh', en: 'Sign-off needs a weekly provincial report' },
  'idempotency-key-reused': { status: 422, vi: 'Idempotency-Key đã dùng cho yêu cầu khác', en: 'Idempotency-Key reused' },
  'successor-not-active': { status: 422, vi: 'Cơ quan kế thừa đã giải thể', en: 'Successor not active' },
  'custodian-dissolved': { status: 422, vi: 'Cơ quan, đơn vị được chỉ định đã giải thể', en: 'Custodian dissolved' },
  'receiving-unit-mismatch': { status: 422, vi: 'Đơn vị hành chính nhận không thuộc tỉnh của cơ quan nhận', en: 'Receiving unit mismatch' },
  'correction-predates-corrected': {
    status: 422,
    vi: 'Phương án điều chỉnh có ngày trước phương án được điều chỉnh',
    en: 'Correction predates the corrected action',
  },
  'acceptance-before-decision': { status: 422, vi: 'Quyết định tiếp nhận trước quyết định điều chuyển', en: 'Acceptance before decision' },
  'action-incomplete': { status: 422, vi: 'Phương án chưa đủ thông tin', en: 'Action incomplete' },
  'no-authorising-clause': { status: 422, vi: 'Chưa có điều khoản cho phép', en: 'No authorising clause' },
  'clause-not-in-force': { status: 422, vi: 'Điều khoản không còn hiệu lực', en: 'Clause not in force' },
  'justification-required': { status: 422, vi: 'Cần giải trình bằng văn bản', en: 'Justification required' },
  'decision-incomplete': { status: 422, vi: 'Thông tin quyết định chưa đủ', en: 'Decision incomplete' },
  'decision-date-in-future': { status: 422, vi: 'Ngày quyết định ở tương lai', en: 'Decision date in the future' },
  'evidence-missing': { status: 422, vi: 'Thiếu thông tin hoàn thành', en: 'Evidence missing' },
  'documents-missing': { status: 422, vi: 'Thiếu hồ sơ, tài liệu', en: 'Documents missing' },
  'date-in-future': { status: 422, vi: 'Ngày ở tương lai', en: 'Date in the future' },
  'decision-before-asset': { status: 422, vi: 'Quyết định trước khi có tài sản', en: 'Decision before the asset existed' },
  'decision-before-surplus': { status: 422, vi: 'Quyết định trước khi tài sản dôi dư', en: 'Decision before the surplus' },
  'decision-before-directive': { status: 422, vi: 'Quyết định trước khi văn bản được ban hành', en: 'Decision before the directive' },
  'completion-before-decision': { status: 422, vi: 'Hoàn thành trước ngày quyết định', en: 'Completion before the decision' },
  'handover-before-decision': { status: 422, vi: 'Bàn giao trước ngày quyết định', en: 'Hand-over before the decision' },
  'valuation-change-unexplained': { status: 422, vi: 'Thay đổi giá thẩm định chưa nêu lý do', en: 'Valuation change unexplained' },
  'new-use-required': { status: 422, vi: 'Cần nêu mục đích sử dụng mới', en: 'New use required' },
  'new-use-not-applicable': { status: 422, vi: 'Mục đích sử dụng mới không phù hợp với phương án', en: 'New use not applicable' },
  'category-reason-required': { status: 422, vi: 'Cần nêu lý do giữ nguyên loại đất', en: 'Category reason required' },
  'action-not-on-asset': { status: 422, vi: 'Phương án không thuộc tài sản này', en: 'Action not on asset' },
  'supersede-subject-mismatch': { status: 422, vi: 'Tài liệu thay thế khác đối tượng', en: 'Supersede subject mismatch' },
  'reports-not-comparable': { status: 422, vi: 'Không so sánh được hai báo cáo', en: 'Reports not comparable' },
  // 428-431
  'if-match-required': { status: 428, vi: 'Thiếu If-Match', en: 'Precondition required' },
  'too-many-requests': { status: 429, vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
  'too-many-report-jobs': { status: 429, vi: 'Quá nhiều yêu cầu lập báo cáo', en: 'Too many report jobs' },
  'request-header-fields-too-large': { status: 431, vi: 'Tiêu đề yêu cầu quá lớn', en: 'Request header fields too large' },
  // 500: our fault
  'internal-error': { status: 500, vi: 'Lỗi máy chủ', en: 'Internal server error' },
  'document-integrity': { status: 500, vi: 'Tệp tài liệu lưu trữ bị hỏng', en: 'Document integrity failure' },
  'report-integrity': { status: 500, vi: 'Báo cáo lưu trữ bị hỏng', en: 'Stored report damaged' },
  'report-job-failed': { status: 500, vi: 'Lập báo cáo không thành công', en: 'Report generation failed' },
  'report-job-abandoned': { status: 500, vi: 'Tác vụ lập báo cáo bị bỏ dở', en: 'Report job abandoned' },
  // 503: come back later
  'service-unavailable': { status: 503, vi: 'Dịch vụ tạm thời không sẵn sàng', en: 'Service unavailable' },
  'database-unavailable': { status: 503, vi: 'Cơ sở dữ liệu tạm thời không truy cập được', en: 'Database unavailable' },
  'database-timeout': { status: 503, vi: 'Cơ sở dữ liệu xử lý quá thời gian', en: 'Database timeout' },
  'database-contention': { status: 503, vi: 'Xung đột ghi dữ liệu đồng thời', en: 'Database contention' },
  'totp-unavailable': { status: 503, vi: 'Không kiểm tra được xác thực hai lớp', en: 'Second factor unavailable' },
} as const satisfies Record<string, ProblemKind>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The statuses a code may be answered with: its own, and those it lists in alsoStatus. */
export type StatusOf<C extends ProblemCode> =
  (typeof PROBLEM_CODES)[C]['status'] | ((typeof PROBLEM_CODES)[C] extends { alsoStatus: readonly (infer S)[] } ? S : never);

export const isProblemCode = (code: string): code is ProblemCode => Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);

export const problemType = (code: ProblemCode): string => PROBLEM_BASE + code;

export const titleOf = (code: ProblemCode): Localized => PROBLEM_CODES[code];

/** The title in one language. */
export const titleIn = (code: ProblemCode, lang: Lang): string => PROBLEM_CODES[code][lang];

/** The code Nest and Fastify's own errors of a status are answered with (`http-<status>` for one no code names). */
export const CODE_OF_STATUS: Readonly<Partial<Record<number, ProblemCode>>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  429: 'too-many-requests',
  503: 'service-unavailable',
};
