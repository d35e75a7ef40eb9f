import { Type, plainToInstance } from 'class-transformer';
import {
  ArrayMaxSize,
  getMetadataStorage,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  validate,
  ValidateNested,
} from 'class-validator';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IsCalendarDate, IsDecimalNumber, SAYS, says } from '../../src/common/dto';
import { flattenValidationErrors, VALIDATOR_OPTIONS } from '../../src/common/validation.pipe';
import { constraintMessage, CONSTRAINTS_IN_VIETNAMESE } from '../../src/common/validation-messages';

/** Letters only Vietnamese writes (with its diacritics). */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

class Member {
  @IsString() @Length(1, 5) name!: string;
}

class Sample {
  @IsIn(['draft', 'submitted']) status!: string;
  @IsInt() @Min(1) @Max(200) limit!: number;
  @Matches(/^\d{2}$/, SAYS.provinceCode) province!: string;
  @Matches(/^[a-z]+$/) slug!: string;
  @IsUUID('4', { each: true }) @ArrayMaxSize(2) ids!: string[];
  @IsCalendarDate() since!: string;
  @IsDecimalNumber(2) area!: number;
  @IsOptional() @IsString() @MaxLength(3) note?: string;
  @IsInt(says('$property phải là số nguyên đồng', '$property must be a whole number of VND')) cost!: number;
  @ValidateNested({ each: true }) @Type(() => Member) team!: Member[];
}

async function errorsOf(body: Record<string, unknown>) {
  return flattenValidationErrors(await validate(plainToInstance(Sample, body), VALIDATOR_OPTIONS));
}

const valid = { status: 'draft', limit: 5, province: '08', slug: 'ok', ids: [], since: '2025-07-01', area: 1.5, cost: 1, team: [{ name: 'An' }] };

describe('validation messages in Vietnamese and English', () => {
  it('accepts a valid body', async () => expect(await errorsOf(valid)).toEqual([]));

  it('writes each constraint from its arguments, the field name kept as it is', async () => {
    const errors = await errorsOf({
      ...valid,
      status: 'closed',
      limit: 500,
      province: '8',
      slug: 'A!',
      ids: ['x', 'y', 'z'],
      since: '2025-02-30',
      area: 1.234,
      note: 'long',
      cost: 1.5,
      team: [{ name: '' }],
      extra: true,
    });
    expect(errors).toEqual([
      { field: 'extra', message: { vi: 'không được gửi trường extra', en: 'property extra should not exist' } },
      {
        field: 'status',
        message: { vi: 'status phải là một trong các giá trị: draft, submitted', en: 'status must be one of the following values: draft, submitted' },
      },
      { field: 'limit', message: { vi: 'limit không được lớn hơn 200', en: 'limit must not be greater than 200' } },
      { field: 'province', message: { vi: 'province phải là mã tỉnh gồm 2 chữ số', en: 'province must be a 2-digit code' } },
      { field: 'slug', message: { vi: 'slug không đúng định dạng (mẫu /^[a-z]+$/)', en: 'slug must match /^[a-z]+$/ regular expression' } },
      { field: 'ids', message: { vi: 'ids không được có quá 2 phần tử', en: 'ids must contain no more than 2 elements' } },
      { field: 'ids', message: { vi: 'mỗi giá trị trong ids phải là một UUID', en: 'each value in ids must be a UUID' } },
      {
        field: 'since',
        message: {
          vi: 'since phải là một ngày có thật, viết YYYY-MM-DD, từ năm 1900 đến năm 2100',
          en: 'since must be a calendar date YYYY-MM-DD from 1900 to 2100',
        },
      },
      { field: 'area', message: { vi: 'area phải là số có tối đa 2 chữ số thập phân', en: 'area must be a number with at most 2 decimals' } },
      { field: 'note', message: { vi: 'note không được dài quá 3 ký tự', en: 'note must be shorter than or equal to 3 characters' } },
      { field: 'cost', message: { vi: 'cost phải là số nguyên đồng', en: 'cost must be a whole number of VND' } },
      { field: 'team.0.name', message: { vi: 'name phải dài từ 1 đến 5 ký tự', en: 'name must be longer than or equal to 1 characters' } },
    ]);
  });

  it('says a lower bound and a type', async () => {
    expect(await errorsOf({ ...valid, limit: 0 })).toEqual([
      { field: 'limit', message: { vi: 'limit không được nhỏ hơn 1', en: 'limit must not be less than 1' } },
    ]);
    expect(await errorsOf({ ...valid, limit: 'ten' })).toEqual([
      { field: 'limit', message: { vi: 'limit không được lớn hơn 200', en: 'limit must not be greater than 200' } },
      { field: 'limit', message: { vi: 'limit không được nhỏ hơn 1', en: 'limit must not be less than 1' } },
      { field: 'limit', message: { vi: 'limit phải là số nguyên', en: 'limit must be an integer number' } },
    ]);
  });

  it('says only that the field is not valid for a constraint it has no words for', () => {
    expect(constraintMessage('isSomethingNew', 'x', 'x must be something new')).toEqual({ vi: 'x không hợp lệ', en: 'x must be something new' });
  });
});

describe('every constraint of every DTO has its Vietnamese', () => {
  const src = join(__dirname, '..', '..', 'src');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? files(p) : /(\.dto|[/\\]dto|[/\\]pagination)\.ts$/.test(p) ? [p] : [];
    });

  type Meta = { type: string; name?: string; propertyName: string; context?: { vi?: unknown }; target: unknown };
  let checked: Meta[] = [];
  beforeAll(() => {
    // Loading the DTO modules registers their decorators' metadata.
    for (const f of files(src)) jest.requireActual(f);
    const all = [...(getMetadataStorage() as unknown as { validationMetadatas: Map<unknown, Meta[]> }).validationMetadatas.values()].flat();
    checked = all.filter((m) => !['conditionalValidation', 'nestedValidation', 'whitelistValidation'].includes(m.type));
  });

  it("finds the DTOs' constraints", () => expect(checked.length).toBeGreaterThan(300));

  it('names a template for each, or brings its own Vietnamese', () => {
    const missing = checked
      .filter((m) => m.context?.vi === undefined && !CONSTRAINTS_IN_VIETNAMESE.includes(m.name ?? m.type))
      .map((m) => `${(m.target as { name?: string }).name}.${m.propertyName}: ${m.name ?? m.type}`);
    expect(missing).toEqual([]);
  });

  it('writes its own messages in Vietnamese', () => {
    const own = checked.filter((m) => m.context?.vi !== undefined).map((m) => String(m.context!.vi));
    expect(own.length).toBeGreaterThan(30);
    expect(own.filter((vi) => !VIETNAMESE.test(vi))).toEqual([]);
  });
});
