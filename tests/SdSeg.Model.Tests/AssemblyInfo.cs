// Seeded tests rely on torch's process-wide default generator (manual_seed, dropout, initialisation): a test running
// at the same time would draw from it between a seed and its use, so tests here run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
