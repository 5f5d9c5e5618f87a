using System.CommandLine;
using Orchestrator.Runner.Cli;

var root = new RootCommand("Orchestrator local runner: the export orchestrations on the Durable Task engine, outside the Functions host.")
{
    ServeCommand.Create(),
    ExportCommand.Create(),
    StatusCommand.Create(),
    DestinationCommand.Create(),
    BucketCommand.Create(),
    ImportCommand.Create(),
    AttributesCommand.Create(),
    DemoCommand.Create(),
    TokenCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
