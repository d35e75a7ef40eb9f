import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { apiEnum } from '../common/api-enum';
import { Absent, BooleanQuery, IsCalendarDate, Nullable, says, SAYS, VndField } from '../common/dto';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../common/pagination';
import { UnitRefDto } from '../units/unit-ref.dto';
import {
  ACTION_STATUSES,
  ACTION_TYPES,
  ALL_METHODS,
  ASSET_STATUSES,
  type ActionStatus,
  type ActionType,
  type AssetStatus,
  OVERDUE_KINDS,
  type OverdueKind,
  SALE_METHODS,
  type SaleMethod,
  NEW_USES,
  type NewUse,
} from '../schema/vocabulary';

const DateField = (description: string) => (target: object, key: string) => {
  ApiPropertyOptional({ description, format: 'date', nullable: true, type: String })(target, key);
  Nullable()(target, key);
  IsCalendarDate()(target, key);
};
const Text =
  (description: string, max = 4000) =>
  (target: object, key: string) => {
    ApiPropertyOptional({ description, maxLength: max, nullable: true, type: String })(target, key);
    Nullable()(target, key);
    IsString()(target, key);
    Length(1, max)(target, key);
  };

const METHOD_DESCRIPTION = `Method of the type: ${Object.entries({
  retention: 'permanent, temporary',
  reallocation: 'transfer, handover_to_locality, assignment',
  disposal: 'sale, liquidation, recovery, land_fund, payment_in_kind, destruction',
  renovation: 'repair, upgrade, extension',
  repurposing: 'change_of_function, change_of_land_use',
})
  .map(([t, m]) => `${t}: ${m}`)
  .join('; ')}`;

const NEW_USE_DESCRIPTION =
  "retention, reallocation: the facility's new use, in the Ministry of Finance's categories (working_office … other_public_use), required by the approval; " +
  'repurposing (from its purpose) and disposal (land_fund: land_fund_or_housing_business, otherwise other_use_under_plan) derive it; a renovation has none';

/** The fields an action carries beside its asset, type and method; which ones matter depends on its type. */
class ActionFieldsDto {
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Clauses the action rests on (at least one authorising its type, in force, before submit)',
    maxItems: 20,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  clauseIds?: string[];

  @Text('Why this choice (required for a sale, or a purpose outside the priority order: at least a sentence)') justification?: string | null;
  @Text('Free notes') notes?: string | null;
  @ApiPropertyOptional({ ...apiEnum('NewUse', NEW_USES), nullable: true, description: NEW_USE_DESCRIPTION })
  @Nullable()
  @IsIn(NEW_USES)
  newUse?: NewUse | null;

  // reallocation
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'reallocation: the receiving agency (active)' })
  @Nullable()
  @IsUUID()
  receivingAgencyId?: string | null;
  @ApiPropertyOptional({ type: UnitRefDto, nullable: true, description: 'reallocation: the new-era unit the asset moves to, if it changes' })
  @Nullable()
  @ValidateNested()
  @Type(() => UnitRefDto)
  receivingUnit?: UnitRefDto | null;
  @DateField('reallocation: the date the facility was handed over temporarily, before the formal decision (starts the 30-day clock)') temporaryHandoverDate?:
    string | null;

  // disposal
  @ApiPropertyOptional({ ...apiEnum('SaleMethod', SALE_METHODS), nullable: true, description: 'sale: by auction or directly' })
  @Nullable()
  @IsIn(SALE_METHODS)
  saleMethod?: SaleMethod | null;
  @VndField('sale: the valuation') valuationAmount?: number | null;
  @DateField('sale: date of the valuation') valuationDate?: string | null;

  // renovation
  @VndField('renovation: planned cost') plannedCost?: number | null;
  @DateField('renovation: planned start') plannedStart?: string | null;
  @DateField('renovation: planned end') plannedEnd?: string | null;

  // repurposing
  @ApiPropertyOptional({ nullable: true, type: String, example: 'health', description: 'repurposing: the new purpose (GET /api/v1/purposes)' })
  @Nullable()
  @Matches(/^[a-z_]{2,30}$/, says('$property phải là mã mục đích sử dụng, ví dụ health', '$property must be a purpose code such as health'))
  purposeCode?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'DYT',
    description:
      "repurposing: the land-use category the new purpose needs (default: the purpose's); reallocation: the category the new use needs when it is not the one the new use implies (docs/api.md)",
  })
  @Nullable()
  @Matches(/^[A-Z]{2,10}$/, SAYS.categoryCode('DYT'))
  targetLandUseCategory?: string | null;
}

/** A new draft: asset, type and method are required (declared here only, so no optional decorator of a base class leaks onto them). */
export class CreateActionDto extends ActionFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'An asset in your province' }) @IsUUID() assetId!: string;
  @ApiProperty({ ...apiEnum('ActionType', ACTION_TYPES) }) @IsIn(ACTION_TYPES) type!: ActionType;
  @ApiProperty({ description: METHOD_DESCRIPTION, ...apiEnum('ActionMethod', ALL_METHODS) }) @IsIn(ALL_METHODS) method!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A correction: the completed handling of the same asset it corrects (with correctionReason); on completion it supersedes it',
  })
  @IsOptional()
  @IsUUID()
  correctsActionId?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: 'Why the completed action is corrected (required with correctsActionId)' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  correctionReason?: string;
}

/** A draft's fields may change (not its asset or type); the method may be omitted (kept), never null. */
export class UpdateActionDto extends ActionFieldsDto {
  @ApiPropertyOptional({ description: METHOD_DESCRIPTION, ...apiEnum('ActionMethod', ALL_METHODS) }) @Absent() @IsIn(ALL_METHODS) method?: string;
}

export class SubmitActionDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class ApproveActionDto {
  @ApiProperty({ example: '1234/QĐ-UBND', maxLength: 60 }) @IsString() @Length(1, 60) decisionNo!: string;
  @ApiProperty({
    example: '2025-11-10',
    format: 'date',
    description: 'The date the decision bears (not in the future); the time it is recorded is kept separately',
  })
  @IsCalendarDate()
  decisionDate!: string;
  @ApiProperty({ example: 'Ủy ban nhân dân tỉnh Tuyên Quang', maxLength: 300 }) @IsString() @Length(1, 300) decisionAuthority!: string;
  @ApiPropertyOptional({ ...apiEnum('NewUse', NEW_USES), description: `The new use the decision states (else the draft's). ${NEW_USE_DESCRIPTION}` })
  @IsOptional()
  @IsIn(NEW_USES)
  newUse?: NewUse;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @Length(1, 2000) reason!: string;
}

/** The receiving province's acceptance of a hand-over: its own decision to take the facility. */
export class AcceptActionDto {
  @ApiProperty({ example: '88/QĐ-UBND', maxLength: 60, description: "The receiving side's decision to accept" }) @IsString() @Length(1, 60) decisionNo!: string;
  @ApiProperty({ example: '2025-11-12', format: 'date', description: "The date it bears: not in the future, not before the sending side's decision" })
  @IsCalendarDate()
  decisionDate!: string;
}

export class StartActionDto {
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsCalendarDate() actualStart?: string;
}

export class CompleteActionDto {
  @ApiPropertyOptional({ format: 'date', description: 'When completion took effect (default: today)' }) @IsOptional() @IsCalendarDate() completedOn?: string;
  // reallocation
  @DateField('reallocation: the hand-over date') handoverDate?: string | null;
  @ApiPropertyOptional({ description: 'reallocation: the hand-over minutes were confirmed by the handing-over side' })
  @IsOptional()
  @IsBoolean()
  minutesConfirmedBySender?: boolean;
  @ApiPropertyOptional({ description: 'reallocation: the hand-over minutes were confirmed by the receiving side' })
  @IsOptional()
  @IsBoolean()
  minutesConfirmedByReceiver?: boolean;
  // sale
  @VndField('sale: the valuation') valuationAmount?: number | null;
  @Text('sale: why the valuation differs from the one the decision approved (at least a sentence; required when it does)') valuationChangeReason?:
    string | null;
  @VndField('sale: the price') salePrice?: number | null;
  @Text('sale: the buyer', 300) buyer?: string | null;
  @VndField('sale: proceeds paid to the budget') proceedsPaid?: number | null;
  @DateField('sale: date the proceeds were paid') proceedsPaidDate?: string | null;
  // renovation
  @VndField('renovation: actual cost') actualCost?: number | null;
  @DateField('renovation: actual start') actualStart?: string | null;
  @DateField('renovation: actual end (not in the future)') actualEnd?: string | null;
  // repurposing
  @Text('repurposing: why the land-use category does not change (when it does not)') categoryUnchangedReason?: string | null;
  @ApiPropertyOptional({
    ...apiEnum('NewUse', NEW_USES),
    description: 'The new use, only for an action approved before new uses were recorded (one recorded by the decision cannot change: 409 new-use-decided)',
  })
  @IsOptional()
  @IsIn(NEW_USES)
  newUse?: NewUse;
}

export class ActionFilterDto {
  @ApiPropertyOptional({ example: '08' }) @IsOptional() @Matches(/^\d{2}$/, SAYS.provinceCode) province?: string;
  @ApiPropertyOptional({ format: 'uuid', name: 'asset' }) @IsOptional() @IsUUID() asset?: string;
  @ApiPropertyOptional({ ...apiEnum('ActionType', ACTION_TYPES) }) @IsOptional() @IsIn(ACTION_TYPES) type?: ActionType;
  @ApiPropertyOptional({ ...apiEnum('ActionMethod', ALL_METHODS) }) @IsOptional() @IsIn(ALL_METHODS) method?: string;
  @ApiPropertyOptional({ ...apiEnum('ActionStatus', ACTION_STATUSES) }) @IsOptional() @IsIn(ACTION_STATUSES) status?: ActionStatus;
  @ApiPropertyOptional({ format: 'uuid', description: 'Actions citing this clause' }) @IsOptional() @IsUUID() clause?: string;
  @ApiPropertyOptional({ description: 'true: only actions past their deadline (or a temporary hand-over past 30 days) without reaching the required state' })
  @IsOptional()
  @BooleanQuery()
  @IsBoolean()
  overdue?: boolean;
}

export class ListActionsQueryDto extends IntersectionType(ActionFilterDto, PageQueryDto) {}

export class OverdueDto {
  @ApiProperty(apiEnum('OverdueKind', OVERDUE_KINDS)) kind!: OverdueKind;
  @ApiProperty({ format: 'date' }) deadline!: string;
  @ApiProperty() daysOverdue!: number;
}

export class CitedClauseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '202-KL/TW' }) directiveNumber!: string;
  @ApiProperty({ example: '3' }) ref!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) deadline!: string | null;
  @ApiProperty({ type: [String] }) authorisedActionTypes!: string[];
}

export class DecisionDto {
  @ApiProperty() number!: string;
  @ApiProperty({ format: 'date', description: 'The date the decision bears' }) date!: string;
  @ApiProperty() authority!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded here' }) recordedAt!: string;
}

/** The fields of the action's type (absent for other types; null when not recorded). Amounts are integer VND. */
/** A correcting action: the completed one it corrects, and why. */
export class CorrectionDto {
  @ApiProperty({ format: 'uuid' }) correctsActionId!: string;
  @ApiProperty() reason!: string;
}

/** A completed action a correction superseded: by which, from when. */
export class SupersessionDto {
  @ApiProperty({ format: 'uuid' }) supersededById!: string;
  @ApiProperty({ format: 'date', description: "The correction's completion date: the reports count the correction from it" }) on!: string;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded here' }) recordedAt!: string;
}

/** The receiving province's acceptance of a hand-over. */
export class AcceptanceDto {
  @ApiProperty() decisionNo!: string;
  @ApiProperty({ format: 'date', description: "The date the receiving side's decision bears" }) decisionDate!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) acceptedBy!: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded here' }) acceptedAt!: string;
}

export class ActionDetailsDto {
  // reallocation
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) receivingAgencyId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) receivingUnitId?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) temporaryHandoverDate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date', description: 'When the formal decision is due after a temporary hand-over' })
  formalDecisionDue?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) handoverDate?: string | null;
  @ApiPropertyOptional() minutesConfirmedBySender?: boolean;
  @ApiPropertyOptional() minutesConfirmedByReceiver?: boolean;
  // disposal
  @ApiPropertyOptional({ ...apiEnum('SaleMethod', SALE_METHODS), nullable: true }) saleMethod?: SaleMethod | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) valuationAmount?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) valuationDate?: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) salePrice?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String }) buyer?: string | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) proceedsPaid?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) proceedsPaidDate?: string | null;
  // renovation
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) plannedCost?: number | null;
  @ApiPropertyOptional({ nullable: true, type: 'integer' }) actualCost?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) plannedStart?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) plannedEnd?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) actualStart?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date' }) actualEnd?: string | null;
  // repurposing
  @ApiPropertyOptional({ nullable: true, type: String }) purposeCode?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) targetLandUseCategory?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) categoryUnchangedReason?: string | null;
}

/** The asset an action is about, as it stands now. */
export class ActionAssetDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ ...apiEnum('AssetStatus', ASSET_STATUSES) }) status!: AssetStatus;
}

const who = (step: string) => ApiProperty({ nullable: true, type: String, format: 'uuid', description: `The user who ${step}` });
const when = (step: string) => ApiProperty({ nullable: true, type: String, format: 'date-time', description: `When it was ${step} (recorded)` });
const why = (step: string) => ApiProperty({ nullable: true, type: String, description: `Why it was ${step}` });

/** Who took each step of the workflow, and when it was recorded (null: not taken). */
export class ActionTrailDto {
  @who('created the draft') createdBy!: string | null;
  @who('submitted it') submittedBy!: string | null;
  @when('submitted') submittedAt!: string | null;
  @who('approved it') approvedBy!: string | null;
  @when('approved') approvedAt!: string | null;
  @who('rejected it') rejectedBy!: string | null;
  @when('rejected') rejectedAt!: string | null;
  @why('rejected') rejectionReason!: string | null;
  @when('started') startedAt!: string | null;
  @who('completed it') completedBy!: string | null;
  @when('completed') completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'The date the completion bears' }) completedOn!: string | null;
  @who('cancelled it') cancelledBy!: string | null;
  @when('cancelled') cancelledAt!: string | null;
  @why('cancelled') cancellationReason!: string | null;
}

export class ActionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ActionAssetDto }) asset!: ActionAssetDto;
  @ApiProperty({ description: "The asset's province when the action was proposed: the sending side, whose figures count it" }) provinceCode!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "A hand-over to another province: the receiving agency's province, which sees the action once approved and must accept it before it starts",
  })
  receivingProvinceCode!: string | null;
  @ApiProperty({ nullable: true, type: AcceptanceDto, description: "The receiving province's acceptance (null until accepted, or within a province)" })
  acceptance!: AcceptanceDto | null;
  @ApiProperty({ ...apiEnum('ActionType', ACTION_TYPES) }) type!: ActionType;
  @ApiProperty({ ...apiEnum('ActionMethod', ALL_METHODS) }) method!: string;
  @ApiProperty({ ...apiEnum('ActionStatus', ACTION_STATUSES) }) status!: ActionStatus;
  @ApiProperty({ nullable: true, type: CorrectionDto, description: 'A correcting action: the completed one it corrects and why (null otherwise)' })
  correction!: CorrectionDto | null;
  @ApiProperty({
    nullable: true,
    type: SupersessionDto,
    description: 'A completed action corrected since: by which action, from which date (null otherwise); it stays in the record',
  })
  supersession!: SupersessionDto | null;
  @ApiProperty({ type: [CitedClauseDto] }) clauses!: CitedClauseDto[];
  @ApiProperty({ nullable: true, type: String, format: 'date', description: "Earliest deadline of the cited clauses (a province's own earlier one counts)" })
  deadline!: string | null;
  @ApiProperty({ nullable: true, type: OverdueDto }) overdue!: OverdueDto | null;
  @ApiProperty({ nullable: true, type: String }) justification!: string | null;
  @ApiProperty({
    ...apiEnum('NewUse', NEW_USES),
    nullable: true,
    description:
      "The facility's new use after this handling, recorded by the approval (null: a renovation, not yet approved, or approved before new uses were recorded)",
  })
  newUse!: NewUse | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: DecisionDto }) decision!: DecisionDto | null;
  @ApiProperty({ type: ActionDetailsDto, description: 'Type-specific fields (null when not recorded)' }) details!: ActionDetailsDto;
  @ApiProperty({ type: ActionTrailDto, description: 'Who did each step and when' }) trail!: ActionTrailDto;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class ActionPageDto {
  @ApiProperty({ type: [ActionDto] }) items!: ActionDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}
