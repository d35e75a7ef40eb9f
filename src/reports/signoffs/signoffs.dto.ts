import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, ValidateBy } from 'class-validator';
import { says } from '../../common/dto';
import { isIsoWeek } from '../../rules/iso-week';
import type { ProvinceSignOffRow, SignOffRow } from './signoffs.repository';

/** An ISO week `YYYY-Www` that exists (W53 only in a 53-week year). */
const IsIsoWeek = () =>
  ValidateBy(
    { name: 'isIsoWeek', validator: { validate: (v: unknown) => typeof v === 'string' && isIsoWeek(v) } },
    says(
      '$property phải là một tuần ISO có thật, dạng YYYY-Www (ví dụ 2025-W48)',
      '$property must be an ISO week that exists, written YYYY-Www (e.g. 2025-W48)',
    ),
  );

export class SignOffReportDto {
  @ApiPropertyOptional({ maxLength: 2000, description: 'A note with the sign-off (e.g. what the province explains about a figure)' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class SignOffsQueryDto {
  @ApiPropertyOptional({
    example: '2025-W48',
    pattern: '^\\d{4}-W\\d{2}$',
    description: 'The ISO week (YYYY-Www, one that exists); default the current week in Vietnam',
  })
  @IsOptional()
  @IsIsoWeek()
  week?: string;
}

export class SignOffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The weekly provincial report snapshot signed off' }) snapshotId!: string;
  @ApiProperty({ example: '08' }) provinceCode!: string;
  @ApiProperty({ example: '2025-W48', description: "The ISO week of the snapshot's as-of date" }) week!: string;
  @ApiProperty({ example: '2025-11-30', description: "The snapshot's as-of date" }) asOf!: string;
  @ApiProperty({ format: 'uuid', description: 'The officer of the province who signed' }) signedBy!: string;
  @ApiProperty({ nullable: true, type: String }) signedByUsername!: string | null;
  @ApiProperty({ format: 'date-time' }) signedAt!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;

  static from(r: SignOffRow): SignOffDto {
    return {
      id: r.id,
      snapshotId: r.snapshot_id,
      provinceCode: r.province_code,
      week: r.week,
      asOf: r.as_of,
      signedBy: r.signed_by,
      signedByUsername: r.signed_by_username,
      signedAt: r.signed_at,
      note: r.note,
    };
  }
}

export class ProvinceSignOffDto {
  @ApiProperty({ example: '08' }) provinceCode!: string;
  @ApiProperty({ example: 'Tuyên Quang' }) provinceName!: string;
  @ApiProperty({ description: 'Whether the province has signed off its weekly report for the week' }) signedOff!: boolean;
  @ApiProperty({ type: SignOffDto, nullable: true, description: 'The sign-off: which snapshot, who signed and when; null when not signed off' })
  signOff!: SignOffDto | null;

  static from(r: ProvinceSignOffRow): ProvinceSignOffDto {
    return { provinceCode: r.province_code, provinceName: r.province_name, signedOff: r.signoff !== null, signOff: r.signoff && SignOffDto.from(r.signoff) };
  }
}

export class WeekSignOffsDto {
  @ApiProperty({ example: '2025-W48' }) week!: string;
  @ApiProperty({ example: '2025-11-24', description: 'The Monday of the week' }) from!: string;
  @ApiProperty({ example: '2025-11-30', description: 'The Sunday of the week' }) to!: string;
  @ApiProperty({ description: 'Provinces listed (34 for national users, 1 for a provincial user)' }) total!: number;
  @ApiProperty({ description: 'How many of them have signed off' }) signedOff!: number;
  @ApiProperty({ type: [ProvinceSignOffDto], description: 'Every new-era province in your scope, by code' }) provinces!: ProvinceSignOffDto[];
}
