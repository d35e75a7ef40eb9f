import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Absent, says, SAYS } from '../common/dto';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { User } from '../schema/user.entity';
import { ROLES, type Role } from '../schema/vocabulary';

/** The TOTP algorithm the enrolment hands out (RFC 6238's default, the one authenticator apps all take). */
const TOTP_ALGORITHMS = ['SHA1'] as const;

export class CreateUserDto {
  @ApiProperty({ example: 'sotc.tuyenquang', pattern: '^[a-z0-9._-]{3,64}$' })
  @Matches(
    /^[a-z0-9._-]{3,64}$/,
    says('$property phải gồm 3-64 ký tự a-z, 0-9, ".", "_" hoặc "-"', '$property must be 3-64 characters of a-z, 0-9, ".", "_" or "-"'),
  )
  username!: string;

  @ApiProperty({ example: 'Sở Tài chính Tuyên Quang', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ minLength: 10, maxLength: 128, format: 'password' })
  @IsString()
  @Length(10, 128)
  password!: string;

  @ApiProperty({ ...apiEnum('Role', ROLES) })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    description: 'New-era province code; omit or null for national scope (required for officers)',
    example: '08',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @Matches(/^\d{2}$/, SAYS.newEraProvinceCode)
  provinceCode?: string | null;
}

/** Omitted fields keep their value; null is refused except for provinceCode (null: national). */
export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 200 })
  @Absent()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ minLength: 10, maxLength: 128, format: 'password', description: "Sets a new password and revokes the user's existing tokens" })
  @Absent()
  @IsString()
  @Length(10, 128)
  password?: string;

  @ApiPropertyOptional({ ...apiEnum('Role', ROLES) })
  @Absent()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ nullable: true, type: String, example: '08' })
  @ValidateIf((o: UpdateUserDto) => o.provinceCode !== null && o.provinceCode !== undefined)
  @Matches(/^\d{2}$/, says('$property phải là mã tỉnh (sau sắp xếp) gồm 2 chữ số, hoặc null', '$property must be a 2-digit new-era province code or null'))
  provinceCode?: string | null;

  @ApiPropertyOptional({ description: 'true disables the account (its tokens stop working at once); false enables it (its old tokens stay revoked)' })
  @Absent()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    type: Boolean,
    example: false,
    description: "Only false: it removes the user's TOTP second factor (a lost phone) and revokes their tokens; only the user turns it on, by enrolling",
  })
  @IsOptional()
  @IsIn(
    [false],
    says(
      '$property chỉ có thể là false: người dùng bật xác thực hai lớp bằng cách đăng ký (POST /auth/totp/enrol)',
      '$property can only be false: a user turns the second factor on by enrolling (POST /auth/totp/enrol)',
    ),
  )
  totpEnabled?: false;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...apiEnum('Role', ROLES) })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Part of the username or display name, accents optional', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ ...apiEnum('Role', ROLES) }) role!: Role;
  @ApiProperty({ nullable: true, type: String, description: 'null = national' }) provinceCode!: string | null;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) disabledAt!: string | null;
  @ApiProperty({ description: 'Whether sign-in needs a TOTP code' }) totpEnabled!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(u: User): UserDto {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      provinceCode: u.provinceCode,
      disabled: u.disabledAt !== null,
      disabledAt: u.disabledAt ? u.disabledAt.toISOString() : null,
      totpEnabled: u.totpEnabledAt !== null,
      version: u.version,
      createdAt: u.createdAt.toISOString(),
      updatedAt: u.updatedAt.toISOString(),
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 128)
  password!: string;

  @ApiPropertyOptional({
    description: "The current code of the user's authenticator app, when their TOTP second factor is on",
    pattern: '^[0-9]{6}$',
    example: '123456',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{6}$/, SAYS.totpCode)
  totp?: string;
}

export class TokenDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserDto }) user!: UserDto;
  @ApiProperty({
    description:
      'true: TOTP is required for admins and this one has none yet; the token only enrols it (POST /auth/totp/enrol, /auth/totp/confirm) and reads GET /auth/me, every other route is 403 totp-enrolment-required',
  })
  totpEnrolmentRequired!: boolean;
}

export class TotpCodeDto {
  @ApiProperty({ description: "The current code of the user's authenticator app", pattern: '^[0-9]{6}$', example: '123456' })
  @IsString()
  @Matches(/^[0-9]{6}$/, SAYS.totpCode)
  code!: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({
    description: 'The new secret, base32 (shown this once: type it into the authenticator app, or use otpauthUri)',
    example: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  })
  secret!: string;
  @ApiProperty({ description: 'The otpauth:// URI to show as a QR code', example: 'otpauth://totp/VN%20Public%20Assets:sotc.tuyenquang?secret=...' })
  otpauthUri!: string;
  @ApiProperty(apiEnum('TotpAlgorithm', TOTP_ALGORITHMS)) algorithm!: (typeof TOTP_ALGORITHMS)[number];
  @ApiProperty({ example: 6 }) digits!: number;
  @ApiProperty({ description: 'Seconds per code', example: 30 }) period!: number;
}
