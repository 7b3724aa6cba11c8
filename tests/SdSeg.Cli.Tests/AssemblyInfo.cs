// The commands write to the process-wide console, which CliRunner redirects per call: tests must not run at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
