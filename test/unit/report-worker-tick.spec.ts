import { Logger } from '@nestjs/common';
import { databaseOutage } from '../../src/common/db-outage';
import { ReportWorker } from '../../src/reports/jobs/report-worker';

describe('ReportWorker.tick', () => {
  const worker = () => new ReportWorker({ reportWorkerEnabled: false } as never, {} as never, {} as never, {} as never);
  afterEach(() => jest.restoreAllMocks());

  it('reports a database outage to the outage log (logged once, then every 30 s), not as an error per tick', async () => {
    const w = worker();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    jest.spyOn(w, 'runDueJobs').mockRejectedValue(refused);
    const failure = jest.spyOn(databaseOutage, 'failure').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await w.tick();
    await w.tick();
    expect(failure).toHaveBeenCalledTimes(2);
    expect(failure).toHaveBeenCalledWith(refused, 'the report worker');
    expect(error).not.toHaveBeenCalled();
  });

  it('logs any other failure as an error, and never throws', async () => {
    const w = worker();
    jest.spyOn(w, 'runDueJobs').mockRejectedValue(new Error('boom'));
    const failure = jest.spyOn(databaseOutage, 'failure').mockImplementation(() => undefined);
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(w.tick()).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith('report worker tick failed: boom');
    expect(failure).not.toHaveBeenCalled();
  });
});
