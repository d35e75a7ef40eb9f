import { Injectable } from '@nestjs/common';
import { type RequestContext, SYSTEM_USER_ID } from '../common/auth-user';
import { todayInVietnam } from '../common/dates';
import { DomainError, FIELD, notFound, preconditionFailed, type Violation, violationError } from '../common/errors';
import { decodeCursor, DEFAULT_LIMIT, type Page, toPage } from '../common/pagination';
import { assertMayWriteIn, assertQueryProvince, NATIONAL, scopeOf } from '../common/scope';
import { Transactions } from '../database/transaction';
import { changedFields, EventsRepository } from '../events/events.repository';
import { answerViolations, obstacleOpen, raisedOnViolations } from '../rules/obstacle-rules';
import { AnswerObstacleDto, CreateObstacleDto, ListObstaclesQueryDto, ObstacleDto, UpdateObstacleDto } from './obstacles.dto';
import { type ObstacleContent, type ObstacleRow, ObstaclesRepository } from './obstacles.repository';

/** What the event log keeps of an obstacle. */
const audited = (o: ObstacleDto) => ({
  provinceCode: o.provinceCode,
  assetId: o.asset.id,
  actionId: o.actionId,
  kind: o.kind,
  addressee: o.addressee,
  description: o.description,
  recommendation: o.recommendation,
  raisedOn: o.raisedOn,
  status: o.status,
  answer: o.answer,
});

const refuse = (violations: readonly (Violation | null)[]): void => {
  const first = violations.find((v): v is Violation => v !== null);
  if (first) throw violationError(first);
};

/**
 * Obstacles and recommendations: a province records a difficulty on a facility or an action, addressed
 * to a ministry or the centre; changes it while it awaits its answer; records the answer when it comes.
 * Every change is an event in its own transaction; reads and writes stop at the caller's province.
 */
@Injectable()
export class ObstaclesService {
  constructor(
    private readonly obstacles: ObstaclesRepository,
    private readonly events: EventsRepository,
    private readonly tx: Transactions,
  ) {}

  async create(ctx: RequestContext, dto: CreateObstacleDto, today = todayInVietnam()): Promise<ObstacleDto> {
    const subject = await this.subjectOf(ctx, dto);
    assertMayWriteIn(ctx.user, subject.provinceCode, dto.actionId ? 'actionId' : 'assetId');
    const content: ObstacleContent = {
      kind: dto.kind,
      addressee: dto.addressee,
      description: dto.description,
      recommendation: dto.recommendation ?? null,
      raisedOn: dto.raisedOn ?? today,
    };
    refuse(raisedOnViolations(content.raisedOn, today));
    return this.tx.run(async () => {
      const id = await this.obstacles.insert({ ...content, ...subject, createdBy: ctx.user.id === SYSTEM_USER_ID ? null : ctx.user.id });
      const created = ObstacleDto.from((await this.obstacles.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, { entityType: 'obstacle', entityId: id, action: 'created', after: audited(created) });
      return created;
    });
  }

  async list(ctx: RequestContext, q: ListObstaclesQueryDto): Promise<Page<ObstacleDto>> {
    assertQueryProvince(ctx.user, q.province);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | undefined;
    const filter = { province: q.province, status: q.status, kind: q.kind, addressee: q.addressee, assetId: q.assetId, actionId: q.actionId };
    return toPage(await this.obstacles.listInScope(scopeOf(ctx.user), filter, after, limit), limit, (r) => [r.created_at_key, r.id], ObstacleDto.from);
  }

  async get(ctx: RequestContext, id: string): Promise<ObstacleDto> {
    const row = await this.obstacles.findInScope(scopeOf(ctx.user), id);
    if (!row) throw notFound('obstacle', id);
    return ObstacleDto.from(row);
  }

  /** Changes an obstacle that awaits its answer (If-Match: the version read). */
  async update(ctx: RequestContext, id: string, version: number, dto: UpdateObstacleDto, today = todayInVietnam()): Promise<ObstacleDto> {
    return this.tx.run(async () => {
      const current = await this.lockedForWrite(ctx, id, version);
      refuse([obstacleOpen(current.status)]);
      const next: ObstacleContent = {
        kind: dto.kind ?? current.kind,
        addressee: dto.addressee ?? current.addressee,
        description: dto.description ?? current.description,
        recommendation: dto.recommendation === undefined ? current.recommendation : dto.recommendation,
        raisedOn: dto.raisedOn ?? current.raised_on,
      };
      if (dto.raisedOn !== undefined) refuse(raisedOnViolations(next.raisedOn, today));
      if (!(await this.obstacles.updateIfVersion(id, version, next))) throw preconditionFailed(current.version);
      const updated = ObstacleDto.from((await this.obstacles.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, {
        entityType: 'obstacle',
        entityId: id,
        action: 'updated',
        ...changedFields(audited(ObstacleDto.from(current)), audited(updated)),
      });
      return updated;
    });
  }

  /** Records the answer (who, the date it bears, what): the obstacle is then answered, for good. */
  async answer(ctx: RequestContext, id: string, version: number, dto: AnswerObstacleDto, today = todayInVietnam()): Promise<ObstacleDto> {
    return this.tx.run(async () => {
      const current = await this.lockedForWrite(ctx, id, version);
      refuse(answerViolations({ status: current.status, raisedOn: current.raised_on }, dto.answeredOn, today));
      const answer = { answeredBy: dto.answeredBy, answeredOn: dto.answeredOn, answer: dto.answer, reference: dto.reference ?? null };
      if (!(await this.obstacles.answerIfVersion(id, version, answer))) throw preconditionFailed(current.version);
      const answered = ObstacleDto.from((await this.obstacles.findInScope(NATIONAL, id))!);
      await this.events.append(ctx, {
        entityType: 'obstacle',
        entityId: id,
        action: 'answered',
        ...changedFields(audited(ObstacleDto.from(current)), audited(answered)),
      });
      return answered;
    });
  }

  /** The obstacle locked for a write: in scope (404), writable by the caller (403/404), at the version read (412). */
  private async lockedForWrite(ctx: RequestContext, id: string, version: number): Promise<ObstacleRow> {
    const current = await this.obstacles.lockInScope(scopeOf(ctx.user), id);
    if (!current) throw notFound('obstacle', id);
    assertMayWriteIn(ctx.user, current.province_code);
    if (current.version !== version) throw preconditionFailed(current.version);
    return current;
  }

  /** The facility (and action) an obstacle is recorded on, found in the caller's scope (404 naming the field otherwise). */
  private async subjectOf(ctx: RequestContext, dto: CreateObstacleDto): Promise<{ assetId: string; actionId: string | null; provinceCode: string }> {
    const scope = scopeOf(ctx.user);
    if (dto.actionId !== undefined) {
      const action = await this.obstacles.findActionInScope(scope, dto.actionId);
      if (!action) throw notFound('action', dto.actionId, 'actionId');
      if (dto.assetId !== undefined && action.asset_id !== dto.assetId) {
        throw new DomainError(
          'action-not-on-asset',
          { vi: `Phương án ${dto.actionId} không thuộc tài sản ${dto.assetId}`, en: `Action ${dto.actionId} is not on asset ${dto.assetId}` },
          {
            errors: [{ field: 'actionId', message: FIELD.notActionOnAsset }],
          },
        );
      }
      return { assetId: action.asset_id, actionId: action.id, provinceCode: action.province_code };
    }
    if (dto.assetId === undefined) {
      const message = { vi: 'cần assetId hoặc actionId', en: 'assetId or actionId is required' };
      throw new DomainError(
        'validation-failed',
        { vi: 'Khó khăn, vướng mắc được nêu về một tài sản hoặc một phương án xử lý', en: 'An obstacle is recorded on a facility or an action' },
        {
          errors: [
            { field: 'assetId', message },
            { field: 'actionId', message },
          ],
        },
      );
    }
    const asset = await this.obstacles.findAssetInScope(scope, dto.assetId);
    if (!asset) throw notFound('asset', dto.assetId, 'assetId');
    return { assetId: asset.id, actionId: null, provinceCode: asset.province_code };
  }
}
