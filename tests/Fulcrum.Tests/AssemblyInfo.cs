// End-to-end tests start real servers and processes; running them in parallel on a 2-core machine
// makes timing-sensitive ones flaky without making the run faster.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
