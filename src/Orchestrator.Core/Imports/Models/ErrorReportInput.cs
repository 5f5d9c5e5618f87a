namespace Orchestrator.Imports.Models;

/// <summary>Input of the error-report step.</summary>
public sealed record ErrorReportInput(ImportRequest Request, string RunId);
