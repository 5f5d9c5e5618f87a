using Orchestrator.Domain;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of the abort step, run on any permanent failure after the upload started.</summary>
public sealed record AbortExportInput(ExportRequest Request, Destination Destination, string Bucket, string ObjectKey, string UploadId) : IDestinationScoped
{
    string IDestinationScoped.TenantId => this.Request.TenantId;

    string IDestinationScoped.DestinationId => this.Request.DestinationId;
}
