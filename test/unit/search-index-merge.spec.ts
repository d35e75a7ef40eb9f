import { Logger } from '@nestjs/common';
import type { AssetImportRepository } from '../../src/assets/import/asset-import.repository';
import { SearchIndexMerge } from '../../src/assets/import/search-index-merge';

/** A repository whose merges end when the test says so. */
function fakeRepo() {
  const calls: { resolve: (pages: number) => void; reject: (err: Error) => void }[] = [];
  const repo = { mergePendingSearchEntries: () => new Promise<number>((resolve, reject) => calls.push({ resolve, reject })) };
  return { repo: repo as unknown as AssetImportRepository, calls };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('SearchIndexMerge', () => {
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs one merge per request when they do not overlap', async () => {
    const { repo, calls } = fakeRepo();
    const merge = new SearchIndexMerge(repo);
    merge.request();
    await tick();
    expect(calls).toHaveLength(1);
    calls[0].resolve(12);
    await merge.settled();
    merge.request();
    await tick();
    expect(calls).toHaveLength(2);
    calls[1].resolve(0);
    await merge.settled();
  });

  it('folds requests made while a merge runs into one more merge, and settles after it', async () => {
    const { repo, calls } = fakeRepo();
    const merge = new SearchIndexMerge(repo);
    merge.request();
    merge.request();
    merge.request();
    await tick();
    expect(calls).toHaveLength(1);
    let settled = false;
    const done = merge.settled().then(() => (settled = true));
    calls[0].resolve(5);
    await tick();
    expect(calls).toHaveLength(2);
    expect(settled).toBe(false);
    calls[1].resolve(1);
    await done;
    expect(calls).toHaveLength(2);
  });

  it('logs a failed merge as a warning and goes on serving later requests', async () => {
    const { repo, calls } = fakeRepo();
    const merge = new SearchIndexMerge(repo);
    merge.request();
    await tick();
    calls[0].reject(new Error('must be owner of index idx_asset_search'));
    await merge.settled();
    expect(Logger.prototype.warn).toHaveBeenCalledTimes(1);
    merge.request();
    await tick();
    expect(calls).toHaveLength(2);
    calls[1].resolve(3);
    await merge.beforeApplicationShutdown();
    expect(Logger.prototype.log).toHaveBeenCalledWith(expect.stringMatching(/^Merged 3 pending page\(s\)/));
  });
});
