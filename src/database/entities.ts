import { Action, ActionClause } from '../actions/action.entity';
import { Agency } from '../agencies/agency.entity';
import { Asset } from '../assets/asset.entity';
import { ThrottleCounter } from '../auth/throttle/throttle-counter.entity';
import { User } from '../auth/user.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { ClauseProvinceDeadline, Directive, DirectiveClause } from '../directives/directive.entity';
import { DocumentRecord } from '../documents/document.entity';
import { EventRecord } from '../events/event.entity';
import { FindingEvidence } from '../inspections/finding-evidence.entity';
import { Finding, Inspection } from '../inspections/inspection.entity';
import { ReportJob } from '../reports/jobs/report-job.entity';
import { ReportSchedule } from '../reports/schedules/report-schedule.entity';
import { ReportContent, ReportSnapshot } from '../reports/snapshots/report-snapshot.entity';
import { LandUseCategory } from '../land-use/land-use-category.entity';
import { LandUsePlan, PlanUpdate } from '../land-use/land-use-plan.entity';
import { RepurposePurpose } from '../land-use/repurpose-purpose.entity';
import { SurplusDeclaration } from '../assets/surplus-declaration.entity';
import { AdminUnit, SuccessionClause, UnitSuccession } from '../units/admin-unit.entity';

/** Every entity, in one list: the app, the CLI and the schema test use the same. */
export const ENTITIES = [AdminUnit, SuccessionClause, UnitSuccession, User, EventRecord, LandUseCategory, Agency, Asset, IdempotencyKey,
  RepurposePurpose, Directive, DirectiveClause, ClauseProvinceDeadline, Action, ActionClause, LandUsePlan, PlanUpdate, DocumentRecord, SurplusDeclaration, ReportSchedule, ReportSnapshot, ReportContent, ReportJob,
  Inspection, Finding, FindingEvidence, ThrottleCounter];
