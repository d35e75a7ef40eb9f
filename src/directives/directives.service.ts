import { Injectable } from '@nestjs/common';
import { ACTION_TYPES, type ActionType } from '../schema/vocabulary';
import type { AuthUser, RequestContext } from '../common/auth-user';
import { todayInVietnam } from '../common/dates';
import { DomainError, type FieldError, notFound, preconditionFailed } from '../common/errors';
import { uniqueViolation } from '../common/db-errors';
import { byLang, inLang, type Localized } from '../common/localized';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { assertMayWriteIn, assertQueryProvince, NATIONAL, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { canonicalMethods, clauseMethodErrors } from '../rules/clause-authority';
import { changedFields, EventsRepository } from '../events/events.repository';
import { UnitsRepository } from '../units/units.repository';
import {
  ClauseDto,
  ClauseProvinceDeadlineDto,
  CreateClauseDto,
  CreateDirectiveDto,
  DirectiveDetailDto,
  DirectiveDto,
  ListDirectivesQueryDto,
  SetProvinceDeadlineDto,
  UpdateClauseDto,
  UpdateDirectiveDto,
} from './directives.dto';
import { type ClauseRow, type ClauseValues, type DirectiveRow, type DirectiveValues, DirectivesRepository, isUniqueViolation } from './directives.repository';

const auditedDirective = (r: DirectiveRow) => ({
  number: r.number,
  kind: r.kind,
  issuer: r.issuer,
  issuedOn: r.issued_on,
  title: r.title,
  provinceCode: r.province_code,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  supersededById: r.superseded_by_id,
});
const auditedClause = (r: ClauseRow) => ({
  directiveId: r.directive_id,
  ref: r.ref,
  summary: r.summary,
  fullText: r.full_text,
  deadline: r.deadline,
  authorisedActionTypes: r.authorised_action_types,
  authorisedMethods: r.authorised_methods,
  planDeadline: r.plan_deadline,
});

/** In the one order of ACTION_TYPES, so equal sets read and compare the same. */
const canonicalTypes = (types: ActionType[]): ActionType[] => ACTION_TYPES.filter((t) => types.includes(t));

/** National directives (and their clauses) are written by admins; a provincial one by admins and that province's officers. */
function assertMayWriteDirective(user: AuthUser, provinceCode: string | null, field?: string): void {
  if (provinceCode !== null) return assertMayWriteIn(user, provinceCode, field);
  if (user.role !== 'admin') {
    throw new DomainError('outside-scope', {
      vi: 'Văn bản chỉ đạo cấp trung ương và các điều khoản của nó chỉ do quản trị viên nhập',
      en: 'National directives and their clauses are written by administrators only',
    });
  }
}

const notBeforeIssued = (issuedOn: string): Localized => ({
  vi: `không được trước ngày ban hành của văn bản (${issuedOn})`,
  en: `must not be before the directive's date (${issuedOn})`,
});

/** 422 whose detail repeats each field's error (`field message; …`). */
const invalid = (errors: FieldError[]) =>
  new DomainError(
    'validation-failed',
    byLang((lang) => errors.map((e) => `${e.field} ${inLang(e.message, lang)}`).join('; ')),
    { errors },
  );

@Injectable()
export class DirectivesService {
  constructor(
    private readonly directives: DirectivesRepository,
    private readonly units: UnitsRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  async create(ctx: RequestContext, dto: CreateDirectiveDto): Promise<DirectiveDetailDto> {
    const provinceCode = dto.provinceCode ?? null;
    const values: DirectiveValues = {
      kind: dto.kind,
      issuer: dto.issuer,
      issuedOn: dto.issuedOn,
      title: dto.title,
      validFrom: dto.validFrom ?? null,
      validTo: dto.validTo ?? null,
      supersededById: dto.supersededById ?? null,
    };
    const errors = this.dateErrors(values, true);
    if (errors.length) throw invalid(errors);
    if (provinceCode !== null && !(await this.units.newProvinceExists(provinceCode))) {
      throw invalid([
        { field: 'provinceCode', message: { vi: `không phải tỉnh sau sắp xếp (${provinceCode})`, en: `is not a new-era province (${provinceCode})` } },
      ]);
    }
    assertMayWriteDirective(ctx.user, provinceCode, 'provinceCode');
    return this.tx.run(async () => {
      if (await this.directives.numberExists(dto.number)) throw this.numberTaken(dto.number);
      if (values.supersededById) await this.checkSuccessor(ctx, null, provinceCode, values.supersededById);
      let id: string;
      try {
        id = await this.directives.insert(dto.number, provinceCode, values);
      } catch (err) {
        throw isUniqueViolation(err, 'uq_directive_number') ? this.numberTaken(dto.number) : err;
      }
      const row = (await this.directives.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, { entityType: 'directive', entityId: id, action: 'created', after: auditedDirective(row) });
      return DirectiveDetailDto.withClauses(row, []);
    });
  }

  async list(ctx: RequestContext, query: ListDirectivesQueryDto): Promise<Page<DirectiveDto>> {
    assertQueryProvince(ctx.user, query.province);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['date', 'uuid']) as [string, string] | undefined;
    const rows = await this.directives.listInScope(scopeOf(ctx.user), { province: query.province, kind: query.kind, q: query.q }, after, limit);
    return toPage(rows, limit, (r) => [r.issued_on, r.id], DirectiveDto.from);
  }

  async get(ctx: RequestContext, id: string): Promise<DirectiveDetailDto> {
    const scope = scopeOf(ctx.user);
    const row = await this.mustFind(ctx, id);
    return DirectiveDetailDto.withClauses(row, await this.directives.clausesOf(scope, id));
  }

  async update(ctx: RequestContext, id: string, version: number, dto: UpdateDirectiveDto): Promise<DirectiveDetailDto> {
    const scope = scopeOf(ctx.user);
    return this.tx.run(async () => {
      const current = await this.directives.lockInScope(scope, id);
      if (!current) throw notFound('directive', id);
      assertMayWriteDirective(ctx.user, current.province_code);
      if (current.version !== version) throw preconditionFailed(current.version);
      const values: DirectiveValues = {
        kind: dto.kind ?? current.kind,
        issuer: dto.issuer ?? current.issuer,
        issuedOn: dto.issuedOn ?? current.issued_on,
        title: dto.title ?? current.title,
        validFrom: dto.validFrom === undefined ? current.valid_from : dto.validFrom,
        validTo: dto.validTo === undefined ? current.valid_to : dto.validTo,
        supersededById: dto.supersededById === undefined ? current.superseded_by_id : dto.supersededById,
      };
      const errors = this.dateErrors(values, dto.issuedOn !== undefined);
      if (errors.length) throw invalid(errors);
      if (values.supersededById && values.supersededById !== current.superseded_by_id) {
        await this.checkSuccessor(ctx, id, current.province_code, values.supersededById);
      }
      if (!(await this.directives.updateIfVersion(id, version, values))) throw preconditionFailed(current.version);
      const row = (await this.directives.findInScope(NATIONAL, id))!;
      await this.events.append(ctx, {
        entityType: 'directive',
        entityId: id,
        action: 'updated',
        ...changedFields(auditedDirective(current), auditedDirective(row)),
      });
      return DirectiveDetailDto.withClauses(row, await this.directives.clausesOf(scope, id));
    });
  }

  async createClause(ctx: RequestContext, directiveId: string, dto: CreateClauseDto): Promise<ClauseDto> {
    return this.tx.run(async () => {
      const directive = await this.directives.findInScope(scopeOf(ctx.user), directiveId);
      if (!directive) throw notFound('directive', directiveId);
      assertMayWriteDirective(ctx.user, directive.province_code);
      const values: ClauseValues = {
        ref: dto.ref,
        summary: dto.summary,
        fullText: dto.fullText ?? null,
        deadline: dto.deadline ?? null,
        authorisedActionTypes: canonicalTypes(dto.authorisedActionTypes ?? []),
        authorisedMethods: canonicalMethods(dto.authorisedMethods ?? []),
        planDeadline: dto.planDeadline ?? false,
      };
      this.checkClauseMethods(values);
      this.checkClauseDeadline(directive, values.deadline);
      if (await this.directives.clauseRefExists(directiveId, values.ref)) throw this.refTaken(directive, values.ref);
      let id: string;
      try {
        id = await this.directives.insertClause(directiveId, values);
      } catch (err) {
        throw isUniqueViolation(err, 'uq_directive_clause_ref') ? this.refTaken(directive, values.ref) : err;
      }
      const row = (await this.directives.findClause(NATIONAL, directiveId, id))!;
      await this.events.append(ctx, { entityType: 'directive_clause', entityId: id, action: 'created', after: auditedClause(row) });
      return ClauseDto.from(row);
    });
  }

  async listClauses(ctx: RequestContext, directiveId: string, query: { limit?: number; cursor?: string }): Promise<Page<ClauseDto>> {
    await this.mustFind(ctx, directiveId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, ['string'])?.[0] as string | undefined;
    const rows = await this.directives.clausePage(scopeOf(ctx.user), directiveId, after, limit);
    return toPage(rows, limit, (r) => [r.ref], ClauseDto.from);
  }

  async getClause(ctx: RequestContext, directiveId: string, clauseId: string): Promise<ClauseDto> {
    await this.mustFind(ctx, directiveId);
    const row = await this.directives.findClause(scopeOf(ctx.user), directiveId, clauseId);
    if (!row) throw notFound('clause', clauseId);
    return ClauseDto.from(row);
  }

  async updateClause(ctx: RequestContext, directiveId: string, clauseId: string, version: number, dto: UpdateClauseDto): Promise<ClauseDto> {
    const scope = scopeOf(ctx.user);
    return this.tx.run(async () => {
      const directive = await this.directives.findInScope(scope, directiveId);
      if (!directive) throw notFound('directive', directiveId);
      const current = await this.directives.lockClause(directiveId, clauseId, 'update');
      if (!current) throw notFound('clause', clauseId);
      assertMayWriteDirective(ctx.user, directive.province_code);
      if (current.version !== version) throw preconditionFailed(current.version);
      const values: ClauseValues = {
        ref: dto.ref ?? current.ref,
        summary: dto.summary ?? current.summary,
        fullText: dto.fullText === undefined ? current.full_text : dto.fullText,
        deadline: dto.deadline === undefined ? current.deadline : dto.deadline,
        authorisedActionTypes: canonicalTypes(dto.authorisedActionTypes ?? current.authorised_action_types),
        authorisedMethods: canonicalMethods(dto.authorisedMethods ?? current.authorised_methods),
        planDeadline: dto.planDeadline ?? current.plan_deadline,
      };
      this.checkClauseMethods(values);
      if (values.deadline !== current.deadline) {
        this.checkClauseDeadline(directive, values.deadline);
        const later = values.deadline === null ? [] : await this.directives.provincesWithDeadlineNotBefore(clauseId, values.deadline);
        if (later.length) {
          const theirs = later.map((p) => `${p.provinceCode}: ${p.deadline}`).join(', ');
          throw invalid([
            {
              field: 'deadline',
              message: {
                vi: `phải muộn hơn thời hạn riêng của các tỉnh (${theirs}); hãy sửa hoặc xoá các thời hạn đó trước`,
                en: `must stay later than the provinces' own deadlines (${theirs}); change or remove those first`,
              },
            },
          ]);
        }
      }
      if (values.ref !== current.ref && (await this.directives.clauseRefExists(directiveId, values.ref, clauseId))) throw this.refTaken(directive, values.ref);
      try {
        if (!(await this.directives.updateClauseIfVersion(clauseId, version, values))) throw preconditionFailed(current.version);
      } catch (err) {
        throw isUniqueViolation(err, 'uq_directive_clause_ref') ? this.refTaken(directive, values.ref) : err;
      }
      const row = (await this.directives.findClause(scope, directiveId, clauseId))!;
      await this.events.append(ctx, {
        entityType: 'directive_clause',
        entityId: clauseId,
        action: 'updated',
        ...changedFields(auditedClause(current), auditedClause(row)),
      });
      return ClauseDto.from(row);
    });
  }

  /** A province's own deadline for its actions under a clause: earlier than the clause's, when it has one. */
  async setProvinceDeadline(
    ctx: RequestContext,
    directiveId: string,
    clauseId: string,
    provinceCode: string,
    dto: SetProvinceDeadlineDto,
  ): Promise<ClauseProvinceDeadlineDto> {
    return this.tx.run(async () => {
      const { directive, clause } = await this.provinceDeadlineTarget(ctx, directiveId, clauseId, provinceCode);
      if (directive.province_code !== null && directive.province_code !== provinceCode) {
        throw invalid([
          {
            field: 'province',
            message: {
              vi: `văn bản thuộc tỉnh ${directive.province_code}; chỉ đặt được thời hạn của tỉnh đó`,
              en: `the directive belongs to province ${directive.province_code}; only that province's deadline can be set`,
            },
          },
        ]);
      }
      const errors: FieldError[] = [];
      if (dto.deadline < directive.issued_on) errors.push({ field: 'deadline', message: notBeforeIssued(directive.issued_on) });
      if (clause.deadline !== null && dto.deadline >= clause.deadline) {
        errors.push({
          field: 'deadline',
          message: {
            vi: `phải sớm hơn thời hạn của chính điều khoản (${clause.deadline})`,
            en: `must be earlier than the clause's own deadline (${clause.deadline})`,
          },
        });
      }
      if (errors.length) throw invalid(errors);
      const before = await this.directives.lockProvinceDeadline(clauseId, provinceCode);
      if (before?.deadline !== dto.deadline) {
        await this.directives.upsertProvinceDeadline(clauseId, provinceCode, dto.deadline);
        await this.events.append(ctx, {
          entityType: 'directive_clause',
          entityId: clauseId,
          action: 'province-deadline-set',
          before: before ? { ...before } : null,
          after: { provinceCode, deadline: dto.deadline },
        });
      }
      return { clauseId, provinceCode, deadline: dto.deadline };
    });
  }

  async removeProvinceDeadline(ctx: RequestContext, directiveId: string, clauseId: string, provinceCode: string): Promise<void> {
    await this.tx.run(async () => {
      await this.provinceDeadlineTarget(ctx, directiveId, clauseId, provinceCode);
      const before = await this.directives.lockProvinceDeadline(clauseId, provinceCode);
      if (!before) throw notFound('province-deadline', `${provinceCode} of clause ${clauseId}`);
      await this.directives.deleteProvinceDeadline(clauseId, provinceCode);
      await this.events.append(ctx, {
        entityType: 'directive_clause',
        entityId: clauseId,
        action: 'province-deadline-removed',
        before: { ...before },
        after: null,
      });
    });
  }

  private async provinceDeadlineTarget(
    ctx: RequestContext,
    directiveId: string,
    clauseId: string,
    provinceCode: string,
  ): Promise<{ directive: DirectiveRow; clause: ClauseRow }> {
    const directive = await this.directives.findInScope(scopeOf(ctx.user), directiveId);
    if (!directive) throw notFound('directive', directiveId);
    const clause = await this.directives.lockClause(directiveId, clauseId, 'share');
    if (!clause) throw notFound('clause', clauseId);
    assertMayWriteIn(ctx.user, provinceCode);
    if (!(await this.units.newProvinceExists(provinceCode))) throw notFound('new-era-province', provinceCode);
    return { directive, clause };
  }

  /** issuedOn not in the future (only checked when it is being set), validFrom ≤ validTo. */
  private dateErrors(v: DirectiveValues, checkIssuedOn: boolean): FieldError[] {
    const errors: FieldError[] = [];
    const today = todayInVietnam();
    if (checkIssuedOn && v.issuedOn > today) {
      errors.push({
        field: 'issuedOn',
        message: { vi: `không được ở tương lai (hôm nay là ${today} theo giờ Việt Nam)`, en: `must not be in the future (today is ${today} in Vietnam)` },
      });
    }
    if (v.validFrom !== null && v.validTo !== null && v.validFrom > v.validTo) {
      errors.push({ field: 'validTo', message: { vi: `không được trước validFrom (${v.validFrom})`, en: `must not be before validFrom (${v.validFrom})` } });
    }
    return errors;
  }

  /**
   * The superseding directive exists for the caller, is not the directive itself, does not close a
   * loop, and has at least the same reach: a national directive is replaced only by a national one,
   * a provincial one by a national one or one of the same province.
   */
  private async checkSuccessor(ctx: RequestContext, id: string | null, provinceCode: string | null, successorId: string): Promise<void> {
    const field = 'supersededById';
    if (successorId === id) throw invalid([{ field, message: { vi: 'văn bản không thể tự thay thế chính nó', en: 'a directive cannot supersede itself' } }]);
    const successor = await this.directives.findInScope(scopeOf(ctx.user), successorId);
    if (!successor) throw invalid([{ field, message: { vi: `không có văn bản ${successorId}`, en: `no directive ${successorId}` } }]);
    if (successor.province_code !== null && successor.province_code !== provinceCode) {
      const message =
        provinceCode === null
          ? {
              vi: 'văn bản cấp trung ương chỉ có thể được thay thế bởi văn bản cấp trung ương',
              en: 'a national directive can only be superseded by a national one',
            }
          : { vi: `${successor.number} thuộc tỉnh khác`, en: `${successor.number} belongs to another province` };
      throw invalid([{ field, message }]);
    }
    if (id !== null && (await this.directives.supersessionChainReaches(successorId, id))) {
      throw invalid([
        {
          field,
          message: {
            vi: `${successor.number} lại bị chính văn bản này thay thế (trực tiếp hoặc gián tiếp)`,
            en: `${successor.number} is itself superseded, directly or not, by this directive`,
          },
        },
      ]);
    }
  }

  /** The methods a clause lists belong to the types it authorises (src/rules/clause-authority.ts). */
  private checkClauseMethods(values: ClauseValues): void {
    const errors = clauseMethodErrors(values.authorisedActionTypes, values.authorisedMethods);
    if (errors.length) throw invalid(errors);
  }

  private checkClauseDeadline(directive: DirectiveRow, deadline: string | null): void {
    if (deadline !== null && deadline < directive.issued_on) throw invalid([{ field: 'deadline', message: notBeforeIssued(directive.issued_on) }]);
  }

  private numberTaken(number: string): DomainError {
    return uniqueViolation('uq_directive_number', number);
  }

  private refTaken(directive: DirectiveRow, ref: string): DomainError {
    return new DomainError('clause-ref-taken', {
      vi: `Văn bản ${directive.number} đã có điều khoản ${ref}`,
      en: `Directive ${directive.number} already has a clause ${ref}`,
    });
  }

  private async mustFind(ctx: RequestContext, id: string): Promise<DirectiveRow> {
    const row = await this.directives.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('directive', id);
    return row;
  }
}
