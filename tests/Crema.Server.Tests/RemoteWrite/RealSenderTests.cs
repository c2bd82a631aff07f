using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crema.Server.Tests.TestSupport;
using Crema.Storage;
using Crema.Storage.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crema.Server.Tests.RemoteWrite;

/// <summary>
/// Real third-party senders (Debian's Prometheus 2.42 and vmagent 1.79, installed by
/// scripts/test.sh) scrape themselves and remote-write to a Crema server on loopback.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RealSenderTests
{
    [Fact]
    public async Task Prometheus_remote_writes_its_own_metrics_and_metadata_to_Crema()
    {
        await using var crema = await CremaTestServer.StartAsync(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var ingest = await crema.CreateKeyAsync(role: "ingest-only");
        var dir = CremaTestServer.NewTempDirectory();
        var port = Cli.CremaCli.FreePort();
        var config = $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: self
                static_configs:
                  - targets: ['127.0.0.1:{port}']
            remote_write:
              - url: {crema.BaseAddress}api/v1/write?namespace=PromInterop
                basic_auth:
                  username: {ingest.Key.AccessKeyId}
                  password: {ingest.SecretAccessKey}
                queue_config:
                  batch_send_deadline: 1s
                  min_backoff: 100ms
                metadata_config:
                  send_interval: 2s
            """;
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), config);
        using var proc = StartProgram("prometheus", [$"--config.file={dir}/prometheus.yml", $"--storage.tsdb.path={dir}/data",
            $"--web.listen-address=127.0.0.1:{port}"], out var log);
        try
        {
            var store = crema.App.Services.GetRequiredService<ISampleStore>();
            var metadata = crema.App.Services.GetRequiredService<IMetadataDatabase>();
            await WaitForAsync(async () =>
            {
                var up = store.FindSeries(new SeriesFilter("PromInterop", "up"));
                var meta = await metadata.MetricMetadata.GetAsync("PromInterop", "prometheus_http_requests_total");
                lock (log) log.AppendLine($"[test] up={up.Count} metadata={meta is not null}");
                return up.Count == 1 && store.FindSeries(new SeriesFilter("PromInterop")).Count > 100 && meta is not null;
            }, proc, log, TimeSpan.FromSeconds(60));
            var upKey = store.FindSeries(new SeriesFilter("PromInterop", "up")).Single().Key;
            Assert.Equal("self", upKey["job"]);
            Assert.Equal($"127.0.0.1:{port}", upKey["instance"]);
            Assert.All(store.ReadRaw(upKey, 0, long.MaxValue / 2), s => Assert.Equal(1.0, s.Sum));
            var meta = await metadata.MetricMetadata.GetAsync("PromInterop", "prometheus_http_requests_total");
            Assert.Equal("counter", meta!.Type);
            Assert.False(string.IsNullOrEmpty(meta.Help));
        }
        finally
        {
            Stop(proc);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Vmagent_remote_writes_its_own_metrics_to_Crema()
    {
        await using var crema = await CremaTestServer.StartAsync(time: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        var ingest = await crema.CreateKeyAsync(role: "ingest-only");
        var dir = CremaTestServer.NewTempDirectory();
        var port = Cli.CremaCli.FreePort();
        File.WriteAllText(Path.Combine(dir, "scrape.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: vmagent
                static_configs:
                  - targets: ['127.0.0.1:{port}']
            """);
        using var proc = StartProgram("vmagent", [$"-promscrape.config={dir}/scrape.yml", $"-remoteWrite.url={crema.BaseAddress}api/v1/write?namespace=VmAgent",
            $"-remoteWrite.bearerToken={ingest.Key.AccessKeyId}:{ingest.SecretAccessKey}",
            $"-remoteWrite.tmpDataPath={dir}/tmp", $"-httpListenAddr=127.0.0.1:{port}", "-remoteWrite.flushInterval=500ms"], out var log);
        try
        {
            var store = crema.App.Services.GetRequiredService<ISampleStore>();
            await WaitForAsync(() => Task.FromResult(store.FindSeries(new SeriesFilter("VmAgent", "up")).Count == 1
                && store.FindSeries(new SeriesFilter("VmAgent")).Count > 50), proc, log, TimeSpan.FromSeconds(60));
            var up = store.FindSeries(new SeriesFilter("VmAgent", "up")).Single().Key;
            Assert.Equal("vmagent", up["job"]);
            Assert.NotEmpty(store.ReadRaw(up, 0, long.MaxValue / 2));
        }
        finally
        {
            Stop(proc);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Process StartProgram(string name, string[] args, out StringBuilder log)
    {
        var path = new[] { "/usr/bin/", "/usr/local/bin/" }.Select(d => d + name).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} is not installed; scripts/test.sh installs it (apt-get install prometheus victoria-metrics)");
        var psi = new ProcessStartInfo(path) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var sb = new StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (sb) sb.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { lock (sb) sb.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        log = sb;
        return p;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, Process proc, StringBuilder log, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (await condition()) return;
            if (proc.HasExited) break;
            await Task.Delay(250);
        }
        string text;
        lock (log) text = log.ToString();
        throw new TimeoutException($"the sender did not deliver in time (exited: {proc.HasExited}); its log:\n{text[Math.Max(0, text.Length - 3000)..]}");
    }

    private static void Stop(Process p)
    {
        if (p.HasExited) return;
        p.Kill(entireProcessTree: true);
        p.WaitForExit(10_000);
    }

}
