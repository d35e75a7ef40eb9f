/**
 * Domain errors carry a stable code; the ProblemFilter maps them (and everything else) to
 * RFC 9457 problem details. Throw these from services and repositories, never HttpException:
 *
 *   throw new DomainError('asset-code-taken', { vi: `Đã có tài sản với mã ${code}`, en: `An asset with code ${code} already exists` });
 *
 * The code's status and title come from PROBLEM_CODES (problem-codes.ts); the detail, and each
 * field error's message, is written in every language at the throw site and answered in the
 * caller's (Accept-Language). The Error's own message is the English detail (what logs show).
 */
import type { Lang } from './language';
import { byLang, inLang, type Localized } from './localized';
import { PROBLEM_CODES, type ProblemCode, problemType, type StatusOf } from './problem-codes';

export interface FieldError {
  field: string;
  /** What is wrong with the field; a plain string is answered as is (an import's row error, worded by the import). */
  message: Localized | string;
  /** For file imports: which file and line the error is on. */
  file?: string;
  line?: number;
}

/** An RFC 9457 problem as it is sent: every text in one language. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: (Omit<FieldError, 'message'> & { message: string })[];
  [extra: string]: unknown;
}

export interface DomainErrorOptions<C extends ProblemCode> {
  errors?: readonly FieldError[];
  /** Members of the problem beside the standard ones (they never overwrite those). */
  extra?: Record<string, unknown>;
  /** Only for a code whose table entry lists other statuses (alsoStatus): which one this is. */
  status?: StatusOf<C>;
}

export class DomainError<C extends ProblemCode = ProblemCode> extends Error {
  readonly status: number;
  readonly title: Localized;
  readonly errors?: FieldError[];
  readonly extra?: Record<string, unknown>;

  constructor(
    readonly code: C,
    readonly detail: Localized,
    options: DomainErrorOptions<C> = {},
  ) {
    super(detail.en);
    this.name = 'DomainError';
    const kind = PROBLEM_CODES[code];
    this.status = (options.status as number | undefined) ?? kind.status;
    this.title = { vi: kind.vi, en: kind.en };
    if (options.errors) this.errors = [...options.errors];
    if (options.extra) this.extra = options.extra;
  }

  /** The problem in `lang`. Its type and status never depend on the language. */
  toProblem(lang: Lang, instance?: string): ProblemDetails {
    // Extras first, so they can never overwrite the standard members.
    return {
      ...(this.extra ?? {}),
      type: problemType(this.code),
      title: this.title[lang],
      status: this.status,
      detail: this.detail[lang],
      instance,
      ...(this.errors ? { errors: this.errors.map((e) => ({ ...e, message: inLang(e.message, lang) })) } : {}),
    };
  }
}

/** A rule's verdict (src/rules, *-rules.ts): a code and what to tell the caller; the table gives the rest. */
export interface Violation {
  code: ProblemCode;
  message: Localized;
  fields?: readonly FieldError[];
}

export const violationError = (v: Violation): DomainError => new DomainError(v.code, v.message, { errors: v.fields });

/** The kinds of record a 404 can name: how each is called (the English capitalised at the start of a sentence). */
export const THINGS = {
  action: { vi: 'phương án xử lý', en: 'action' },
  agency: { vi: 'cơ quan, đơn vị', en: 'agency' },
  asset: { vi: 'tài sản', en: 'asset' },
  clause: { vi: 'điều khoản', en: 'clause' },
  directive: { vi: 'văn bản chỉ đạo', en: 'directive' },
  document: { vi: 'tài liệu', en: 'document' },
  finding: { vi: 'phát hiện', en: 'finding' },
  inspection: { vi: 'cuộc kiểm tra', en: 'inspection' },
  'land-use-category': { vi: 'loại đất', en: 'land-use category' },
  'land-use-plan': { vi: 'quy hoạch sử dụng đất', en: 'land-use plan' },
  'new-era-province': { vi: 'tỉnh (sau sắp xếp)', en: 'new-era province' },
  obstacle: { vi: 'khó khăn, vướng mắc', en: 'obstacle' },
  'plan-update': { vi: 'điều chỉnh quy hoạch', en: 'plan update' },
  province: { vi: 'tỉnh', en: 'province' },
  'province-deadline': { vi: 'thời hạn của tỉnh', en: 'province deadline' },
  purpose: { vi: 'mục đích sử dụng', en: 'purpose' },
  report: { vi: 'báo cáo', en: 'report' },
  'report-job': { vi: 'tác vụ lập báo cáo', en: 'report job' },
  'report-schedule': { vi: 'lịch lập báo cáo', en: 'report schedule' },
  unit: { vi: 'đơn vị hành chính', en: 'unit' },
  user: { vi: 'người dùng', en: 'user' },
} as const satisfies Record<string, Localized>;
export type Thing = keyof typeof THINGS;

/** Field messages several services say alike. */
export const FIELD = {
  required: { vi: 'bắt buộc', en: 'required' },
  notCalendarDate: { vi: 'không phải ngày hợp lệ theo lịch', en: 'not a calendar date' },
  notInFuture: { vi: 'không được ở tương lai', en: 'not in the future' },
  mustNotBeInFuture: { vi: 'không được ở tương lai', en: 'must not be in the future' },
  notAfterToday: (today: string): Localized => ({ vi: `không được sau ngày hôm nay (${today})`, en: `not after today (${today})` }),
  notBefore: (other: string): Localized => ({ vi: `không được trước ${other}`, en: `not before ${other}` }),
  unknownCategory: { vi: 'không tìm thấy loại đất', en: 'unknown category' },
  notActionOnAsset: { vi: 'không phải phương án xử lý của tài sản đó', en: 'not an action on that asset' },
  dissolvedAgency: { vi: 'cơ quan, đơn vị đã giải thể', en: 'dissolved agency' },
  /** A reference to a record that does not exist (or is outside the caller's scope). */
  unknown: (thing: Thing): Localized => ({ vi: `không tìm thấy ${THINGS[thing].vi}`, en: `unknown ${THINGS[thing].en}` }),
} as const;

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * 404 `not-found`: the record does not exist or is outside the caller's scope (the two answer alike
 * on purpose). `field`: where the request body or query named it.
 */
export function notFound(thing: Thing, id: string | number, field?: string): DomainError {
  const what = THINGS[thing];
  return new DomainError(
    'not-found',
    {
      vi: `Không tìm thấy ${what.vi} ${id} (không tồn tại hoặc ngoài phạm vi của bạn)`,
      en: `${capitalised(what.en)} ${id} does not exist or is outside your scope`,
    },
    field === undefined ? {} : { errors: [{ field, message: FIELD.unknown(thing) }] },
  );
}

/** `a, b`: the fields named once each, in order. */
const fieldList = (errors: readonly FieldError[]) => [...new Set(errors.map((e) => e.field))].join(', ');

/** 422 `validation-failed` (or another code) naming the fields whose errors are listed. */
export const invalidFields = (errors: readonly FieldError[], code: ProblemCode = 'validation-failed'): DomainError =>
  new DomainError(code, { vi: `Dữ liệu không hợp lệ ở trường: ${fieldList(errors)}`, en: `Invalid field(s): ${fieldList(errors)}` }, { errors });

/** `field: message; field: message` in each language: a detail that repeats its field errors. */
export const fieldErrorsText = (errors: readonly FieldError[]): Localized =>
  byLang((lang) => errors.map((e) => `${e.field}: ${inLang(e.message, lang)}`).join('; '));

export const preconditionRequired = () =>
  new DomainError('if-match-required', {
    vi: 'Yêu cầu cập nhật này cần tiêu đề If-Match mang ETag bạn đã đọc',
    en: 'This update needs an If-Match header with the ETag you read',
  });

export const preconditionFailed = (current: number) =>
  new DomainError(
    'stale-version',
    {
      vi: `Dữ liệu đã thay đổi từ khi bạn đọc (phiên bản hiện tại ${current}); hãy đọc lại rồi thử lại`,
      en: `The resource changed since you read it (current version ${current}); read it again and retry`,
    },
    { extra: { currentVersion: current } },
  );
