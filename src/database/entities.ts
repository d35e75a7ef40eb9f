import { Action, ActionClause } from '../actions/action.entity';
import { Agency } from '../agencies/agency.entity';
import { Asset } from '../assets/asset.entity';
import { User } from '../auth/user.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { ClauseProvinceDeadline, Directive, DirectiveClause } from '../directives/directive.entity';
import { DocumentRecord } from '../documents/document.entity';
import { EventRecord } from '../events/event.entity';
import { LandUseCategory } from '../land-use/land-use-category.entity';
import { LandUsePlan, PlanUpdate } from '../land-use/land-use-plan.entity';
import { RepurposePurpose } from '../land-use/repurpose-purpose.entity';
import { AdminUnit, SuccessionClause, UnitSuccession } from '../units/admin-unit.entity';

/** Every entity, in one list: the app, the CLI and the schema test use the same. */
export const ENTITIES = [AdminUnit, SuccessionClause, UnitSuccession, User, EventRecord, LandUseCategory, Agency, Asset, IdempotencyKey,
  RepurposePurpose, Directive, DirectiveClause, ClauseProvinceDeadline, Action, ActionClause, LandUsePlan, PlanUpdate, DocumentRecord];
