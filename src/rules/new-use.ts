/**
 * The new use of a handled facility, in the Ministry of Finance's nine reporting categories
 * (NEW_USES in src/schema/vocabulary.ts), following the table of ../shared/DOMAIN.md:
 *
 * | type         | method                                                   | new use                                       |
 * |--------------|----------------------------------------------------------|-----------------------------------------------|
 * | retention    | permanent, temporary                                     | chosen among CHOSEN_NEW_USES                  |
 * | reallocation | transfer, handover_to_locality, assignment               | chosen among CHOSEN_NEW_USES                  |
 * | repurposing  | any                                                      | its purpose's (repurpose_purpose.new_use)     |
 * | disposal     | land_fund                                                | land_fund_or_housing_business                 |
 * | disposal     | sale, liquidation, recovery, payment_in_kind, destruction | other_use_under_plan                          |
 * | renovation   | any                                                      | none: not a handling by itself                |
 *
 * A chosen new use is recorded by the approval at the latest: the decision that approves a plan
 * says what the facility will be used for, and from then on the facility counts as handled in the
 * reports, where the by-new-use figures must add up to the handled ones. Pure functions.
 */
import { type ActionType, NEW_USES, type NewUse } from '../schema/vocabulary';
import type { Localized } from '../common/localized';
import { type RuleViolation, violation } from './violations';

/** The action types that handle a surplus facility (give it a user or take it off the books); a renovation alone does not. */
export const HANDLING_TYPES: readonly ActionType[] = ['retention', 'reallocation', 'disposal', 'repurposing'];
/** What a disposal to the land-fund organisation counts as. */
export const LAND_FUND_NEW_USE: NewUse = 'land_fund_or_housing_business';
/** What every other disposal counts as. */
export const DISPOSAL_NEW_USE: NewUse = 'other_use_under_plan';
/** The new uses an officer chooses on a retention or reallocation (the two a disposal counts as are never chosen). */
export const CHOSEN_NEW_USES: readonly NewUse[] = NEW_USES.filter((u) => u !== LAND_FUND_NEW_USE && u !== DISPOSAL_NEW_USE);

/** Where an action's new use comes from. */
export type NewUseSource = 'chosen' | 'purpose' | 'method' | 'none';

export function newUseSource(type: ActionType): NewUseSource {
  switch (type) {
    case 'retention':
    case 'reallocation':
      return 'chosen';
    case 'repurposing':
      return 'purpose';
    case 'disposal':
      return 'method';
    case 'renovation':
      return 'none';
  }
}

export interface NewUseFacts {
  type: ActionType;
  method: string;
  /** repurposing: the new use its purpose counts as (null when no purpose is named yet). */
  purposeNewUse?: NewUse | null;
}

const FIELD = 'newUse';
const NOT_FOR_THIS = { vi: 'không áp dụng cho phương án này', en: 'not for this action' };
const notApplicable = (message: Localized): RuleViolation => violation('new-use-not-applicable', message, [{ field: FIELD, message: NOT_FOR_THIS }]);
const list = (uses: readonly NewUse[]) => uses.join(', ');

/** The new use the type and method (or purpose) give, when it is not chosen; null for a renovation or a purpose not named yet. */
export function derivedNewUse(a: NewUseFacts): NewUse | null {
  switch (newUseSource(a.type)) {
    case 'purpose':
      return a.purposeNewUse ?? null;
    case 'method':
      return a.method === 'land_fund' ? LAND_FUND_NEW_USE : DISPOSAL_NEW_USE;
    default:
      return null;
  }
}

/**
 * The new use an action records, or the rule the given one breaks. `chosen` is what the officer gave
 * (null or undefined: nothing). With `required` (from the approval on) a retention or reallocation
 * must have chosen one. A derived new use may be repeated, never contradicted; a renovation takes none.
 */
export function newUseOf(a: NewUseFacts, chosen: NewUse | null | undefined, required: boolean): NewUse | null | RuleViolation {
  const given = chosen ?? null;
  const source = newUseSource(a.type);
  if (source === 'chosen') {
    if (given === null) {
      if (!required) return null;
      return violation(
        'new-use-required',
        {
          vi: `Phương án ${a.type} phải nêu mục đích sử dụng mới của cơ sở: một trong ${list(CHOSEN_NEW_USES)}`,
          en: `A ${a.type} records the facility's new use: one of ${list(CHOSEN_NEW_USES)}`,
        },
        [{ field: FIELD, message: { vi: 'bắt buộc', en: 'required' } }],
      );
    }
    if (!CHOSEN_NEW_USES.includes(given)) {
      return notApplicable({
        vi: `Phương án ${a.type} chọn mục đích sử dụng mới trong số ${list(CHOSEN_NEW_USES)}; ${given} là mục đích tính cho phương án xử lý (bán, thanh lý, thu hồi, giao quỹ đất)`,
        en: `A ${a.type} chooses its new use among ${list(CHOSEN_NEW_USES)}; ${given} is what a disposal counts as`,
      });
    }
    return given;
  }
  if (source === 'none') {
    if (given === null) return null;
    return notApplicable({
      vi: `Phương án ${a.type} tự nó không phải là xử lý cơ sở dôi dư: không ghi mục đích sử dụng mới`,
      en: `A ${a.type} is not a handling by itself: it records no new use`,
    });
  }
  const derived = derivedNewUse(a);
  if (given !== null && given !== derived) {
    const from = source === 'purpose' ? { vi: 'mục đích chuyển đổi', en: 'its purpose' } : { vi: `hình thức ${a.method}`, en: `its method (${a.method})` };
    const is = derived ? `: ${derived}` : '';
    return notApplicable({
      vi: `Mục đích sử dụng mới của phương án ${a.type} suy ra từ ${from.vi}${is}, không phải ${given}`,
      en: `The new use of a ${a.type} follows from ${from.en}${is}, not ${given}`,
    });
  }
  return derived;
}

/** A draft proposes a new use only where one is chosen; elsewhere the approval derives it (or there is none). */
export function draftNewUse(type: ActionType, given: NewUse | null | undefined): NewUse | null | RuleViolation {
  if (given == null) return null;
  if (newUseSource(type) !== 'chosen') {
    return notApplicable({
      vi: `Mục đích sử dụng mới của phương án ${type} không do người lập chọn: được xác định khi phê duyệt`,
      en: `The new use of a ${type} is not chosen: the approval derives it`,
    });
  }
  return newUseOf({ type, method: '' }, given, false);
}

/**
 * The new use recorded when an action completes. One recorded with the decision stands (a different
 * one needs a new decision: 409); an action approved before new uses were recorded gets it now, by
 * the same rule as an approval.
 */
export function newUseAtCompletion(a: NewUseFacts, recorded: NewUse | null, chosen: NewUse | null | undefined): NewUse | null | RuleViolation {
  if (recorded === null) return newUseOf(a, chosen, true);
  if (chosen != null && chosen !== recorded) {
    return violation(
      'new-use-decided',
      {
        vi: `Quyết định đã ghi mục đích sử dụng mới là ${recorded}; muốn ghi ${chosen} thay thế cần một quyết định mới`,
        en: `The decision recorded the new use ${recorded}; recording ${chosen} instead needs a new decision`,
      },
      [{ field: FIELD, message: { vi: `đã ghi: ${recorded}`, en: `recorded: ${recorded}` } }],
    );
  }
  return recorded;
}
