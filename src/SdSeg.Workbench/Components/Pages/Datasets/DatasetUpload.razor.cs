using SdSeg.Workbench.Accounts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using SdSeg.Engine.Datasets;
using SdSeg.Workbench.Datasets;

namespace SdSeg.Workbench.Components.Pages.Datasets;

/// <summary>Upload panel: drop a zip, watch it arrive, read the import report, then import explicitly (all pairs, or the valid ones).</summary>
public partial class DatasetUpload : IDisposable
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private UploadStage stage = UploadStage.Waiting;
    private CancellationTokenSource? receiving;
    private UploadedArchive? upload;
    private UploadInspection? inspection;
    private string fileName = "";
    private string datasetName = "";
    private int trainPercent = 80;
    private int validationPercent = 10;
    private int testPercent = 10;
    private int splitSeed;
    private string? error;
    private long receivedBytes;
    private long totalBytes;
    private DateTime lastProgressRender;

    [Inject] private DatasetUploadService Upload { get; set; } = null!;
    [Inject] private ChangePermission Permission { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    private double ReceivedPercent => totalBytes == 0 ? 0 : 100.0 * receivedBytes / totalBytes;

    private async Task OnFileChosenAsync(InputFileChangeEventArgs args)
    {
        error = null;
        // The input is hidden from viewers, but a crafted circuit message must not write up to MaxUploadBytes to disk either.
        if (!await Permission.IsAllowedAsync())
        {
            error = "Only admins and researchers may upload datasets; viewers can look but not change.";
            return;
        }
        var file = args.File;
        fileName = file.Name;
        if (file.Size > Upload.MaxUploadBytes)
        {
            error = new UploadTooLargeException(file.Name, Upload.MaxUploadBytes).Message;
            return;
        }

        stage = UploadStage.Receiving;
        (receivedBytes, totalBytes) = (0, file.Size);
        receiving = new CancellationTokenSource();
        try
        {
            await using var stream = file.OpenReadStream(Upload.MaxUploadBytes, receiving.Token);
            upload = await Upload.ReceiveAsync(stream, file.Name, file.Size, new Progress(this), receiving.Token);
            stage = UploadStage.Inspecting;
            StateHasChanged();
            inspection = await Task.Run(() => Upload.Inspect(upload));
            datasetName = upload.SuggestedName;
            stage = UploadStage.Inspected;
        }
        catch (OperationCanceledException)
        {
            Reset();
        }
        catch (Exception ex) when (ex is ArgumentException or UploadTooLargeException or IOException)
        {
            Reset();
            error = ex.Message;
        }
    }

    private async Task ImportAsync(bool validPairsOnly)
    {
        if (inspection is null)
            return;
        await Permission.EnsureAllowedAsync("upload datasets");
        error = null;
        if (trainPercent + validationPercent + testPercent != 100)
        {
            error = $"The split adds up to {trainPercent + validationPercent + testPercent} %: train, validation and test must make 100 %.";
            return;
        }
        stage = UploadStage.Importing;
        try
        {
            var dataset = await Upload.ImportAsync(inspection, datasetName, validPairsOnly,
                new SplitProportions(trainPercent / 100.0, validationPercent / 100.0, testPercent / 100.0), splitSeed);
            upload = null;
            Navigation.NavigateTo($"datasets/{dataset.Id}");
        }
        catch (Exception ex) when (ex is DatasetNameTakenException or DatasetImportException or ArgumentException or IOException)
        {
            stage = UploadStage.Inspected;
            error = ex.Message;
        }
    }

    private Task CancelAsync()
    {
        receiving?.Cancel();
        Reset();
        error = null;
        return Task.CompletedTask;
    }

    private void Reset()
    {
        if (upload is not null)
            Upload.Discard(upload);
        (upload, inspection, stage) = (null, null, UploadStage.Waiting);
    }

    public void Dispose()
    {
        receiving?.Cancel();
        receiving?.Dispose();
        // An upload left without importing (page closed, navigated away) takes its work folder with it.
        if (upload is not null && stage != UploadStage.Importing)
            Upload.Discard(upload);
    }

    // Reports bytes received at most every ProgressInterval, so a fast upload does not flood the circuit with renders.
    private sealed class Progress(DatasetUpload owner) : IProgress<long>
    {
        public void Report(long value)
        {
            owner.receivedBytes = value;
            var now = DateTime.UtcNow;
            if (now - owner.lastProgressRender < ProgressInterval && value < owner.totalBytes)
                return;
            owner.lastProgressRender = now;
            _ = owner.InvokeAsync(owner.StateHasChanged);
        }
    }
}
