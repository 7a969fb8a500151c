using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PhiFineTune.Engine.Connection;

namespace PhiFineTune.Engine.Tests.Arm;

/// <summary>
/// A real HTTPS server (Kestrel) on 127.0.0.1 and a free port that answers each request with the next scripted reply
/// (the last one repeats, so retries see it too) and records every request. All servers share one self-signed
/// certificate, which the Engine's pinned transport trusts by thumbprint as it trusts the emulator's.
/// </summary>
public sealed class ScriptedArmServer : IAsyncDisposable
{
    static readonly Lazy<X509Certificate2> s_certificate = new(CreateCertificate);

    readonly WebApplication _app;
    readonly Queue<Func<HttpContext, Task>> _replies = new();
    readonly List<ReceivedRequest> _received = [];
    readonly Stopwatch _clock = Stopwatch.StartNew();
    Func<HttpContext, Task>? _last;

    ScriptedArmServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>What the Engine's pinned transport is given for this server.</summary>
    public EmulatorEndpoint Pinned => new(Endpoint, Convert.ToHexString(SHA256.HashData(s_certificate.Value.RawData)));

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<ReceivedRequest> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    public static async Task<ScriptedArmServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(s_certificate.Value)));
        var app = builder.Build();
        ScriptedArmServer? server = null;
        app.Run(context => server!.HandleAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        server = new ScriptedArmServer(app, new Uri($"https://127.0.0.1:{address.Port}"));
        return server;
    }

    /// <summary>Queues replies for the next requests, in order.</summary>
    public void Reply(params Func<HttpContext, Task>[] replies)
    {
        lock (_replies)
        {
            foreach (var reply in replies) _replies.Enqueue(reply);
        }
    }

    /// <summary>An absolute URL on this server.</summary>
    public string Url(string pathAndQuery) => new Uri(Endpoint, pathAndQuery).AbsoluteUri;

    /// <summary>A reply with a status, a body (JSON unless a Content-Type header says otherwise) and headers.</summary>
    public static Func<HttpContext, Task> Answer(int status, string? body = null, params (string Name, string Value)[] headers) =>
        async context =>
        {
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers) context.Response.Headers[name] = value;
            if (body is null) return;
            if (string.IsNullOrEmpty(context.Response.ContentType)) context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        };

    /// <summary>Closes the connection without answering.</summary>
    public static Func<HttpContext, Task> Drop() => context =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

    /// <summary>Never answers (until the client gives up).</summary>
    public static Func<HttpContext, Task> Stall() => async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    };

    Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        lock (_received)
        {
            _received.Add(new ReceivedRequest(request.Method, request.Path + request.QueryString,
                request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, _clock.Elapsed));
        }
        Func<HttpContext, Task>? reply;
        lock (_replies)
        {
            reply = _last = _replies.TryDequeue(out var next) ? next : _last;
        }
        return reply is null ? Answer(500, """{"error":{"code":"Unscripted","message":"No reply was scripted."}}""")(context) : reply(context);
    }

    static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Reloaded from PFX so that the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
