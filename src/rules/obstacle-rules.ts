/**
 * The rules of an obstacle (src/schema/obstacle.entity.ts), pure: an obstacle is raised no later than
 * today; it changes, and is answered, only while it awaits its answer; the answer is dated no later
 * than today and not before the obstacle was raised. Each returns the violations found (empty: the
 * request may go on), each naming its field.
 */
import { FIELD, type Violation } from '../common/errors';
import type { ObstacleStatus } from '../schema/vocabulary';

/** An answered obstacle is final: neither changed nor answered again. */
export function obstacleOpen(status: ObstacleStatus): Violation | null {
  if (status === 'open') return null;
  return {
    code: 'obstacle-answered',
    message: {
      vi: 'Khó khăn, vướng mắc này đã được trả lời; nội dung và câu trả lời không thay đổi nữa',
      en: 'This obstacle has been answered: neither it nor its answer changes any more',
    },
  };
}

/** The date an obstacle was raised: not after today (Vietnam). */
export function raisedOnViolations(raisedOn: string, today: string): Violation[] {
  if (raisedOn <= today) return [];
  return [
    {
      code: 'validation-failed',
      message: { vi: `Ngày nêu khó khăn ${raisedOn} sau ngày hôm nay (${today})`, en: `raisedOn ${raisedOn} is after today (${today})` },
      fields: [{ field: 'raisedOn', message: FIELD.notAfterToday(today) }],
    },
  ];
}

/** Recording the answer: the obstacle awaits it, and the answer's date is between the day it was raised and today. */
export function answerViolations(obstacle: { status: ObstacleStatus; raisedOn: string }, answeredOn: string, today: string): Violation[] {
  const closed = obstacleOpen(obstacle.status);
  if (closed) return [closed];
  const fields = [
    ...(answeredOn > today ? [{ field: 'answeredOn', message: FIELD.notAfterToday(today) }] : []),
    ...(answeredOn < obstacle.raisedOn ? [{ field: 'answeredOn', message: FIELD.notBefore(`raisedOn (${obstacle.raisedOn})`) }] : []),
  ];
  if (fields.length === 0) return [];
  return [
    {
      code: 'validation-failed',
      message: {
        vi: `Ngày trả lời ${answeredOn} phải từ ngày nêu khó khăn (${obstacle.raisedOn}) đến hôm nay (${today})`,
        en: `The answer's date ${answeredOn} must be from the day the obstacle was raised (${obstacle.raisedOn}) to today (${today})`,
      },
      fields,
    },
  ];
}
