using Orchestrator.Benchmarks;

// Modes:
//   (default)            the whole benchmark: throughput rounds, optional settings sweep, memory children, docs/benchmarks.md
//   export-child REPORT  one export of REPORT in this process; prints its peak RSS (used for the memory table)
//   import-child ROWS TENANT  one import of the ROWS-row attribute file for TENANT in this process; prints its peak RSS
//   lake-child MIB       one parquet export of the lake part's MIB-MiB sessions report in this process; prints its peak RSS
//   integrity [PART_MIB] [ROUNDS]  CPU cost per part of each upload integrity header (no servers); prints a markdown table
try
{
    if (args.Length > 0 && args[0] == ChildExport.Mode)
    {
        return await ChildExport.RunAsync(args[1..]);
    }

    if (args.Length > 0 && args[0] == ChildImport.Mode)
    {
        return await ChildImport.RunAsync(args[1..]);
    }

    if (args.Length > 0 && args[0] == LakeChild.Mode)
    {
        return await LakeChild.RunAsync(args[1..]);
    }

    if (args.Length > 0 && args[0] == IntegrityCost.Mode)
    {
        return IntegrityCost.Run(args[1..]);
    }

    return await Benchmark.RunAsync(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync("bench: " + ex.Message);
    await Console.Error.WriteLineAsync(BenchSettings.Usage);
    return 2;
}
