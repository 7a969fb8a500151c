using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage;
using Azure.Storage.Sas;

namespace PhiFineTune.Emulator;

/// <summary>
/// Datastores_List, Datastores_Get and Datastores_ListSecrets (contract D.2). Each workspace has one datastore,
/// <c>workspaceblobstore</c>, an AzureBlob datastore on the Azurite container behind <see cref="EmulatorState.Blob"/>.
/// </summary>
public static class DatastoreRoutes
{
    public const string DefaultDatastore = "workspaceblobstore";
    public const int DefaultCount = 30;

    private const string DatastoresPattern = WorkspaceRoutes.WorkspacePattern + "/datastores";

    public static void Map(IEndpointRouteBuilder app, EmulatorState state)
    {
        app.MapArm("Datastores_List", "GET", DatastoresPattern, ctx => List(ctx, state));

        app.MapArm("Datastores_Get", "GET", DatastoresPattern + "/{name}", ctx =>
        {
            var (ws, blob) = Lookup(ctx, state);
            return ArmJson.Write(ctx, 200, Render(ws, blob));
        });

        app.MapArm("Datastores_ListSecrets", "POST", DatastoresPattern + "/{name}/listSecrets", async ctx =>
        {
            var (_, blob) = Lookup(ctx, state);
            var body = await ArmJson.ReadBody(ctx);
            var expirable = body?["expirableSecret"]?.GetValue<bool>() ?? false;
            var hours = body?["expireAfterHours"]?.GetValue<int>() ?? 1;
            if (hours < 1)
            {
                // Emulator choice: the contract names no bounds; below one hour is refused.
                throw ArmErrors.BadRequest("InvalidRequestContent", $"expireAfterHours must be at least 1, not {hours}.");
            }
            // Emulator choice (D.2): an expirable secret is a container SAS; otherwise the account key.
            var secrets = expirable
                ? new JsonObject { ["secretsType"] = "Sas", ["sasToken"] = ContainerSas(blob, state.Now, hours) }
                : new JsonObject { ["secretsType"] = "AccountKey", ["key"] = blob.AccountKey };
            await ArmJson.Write(ctx, 200, secrets);
        });
    }

    /// <summary>
    /// A container SAS (read, add, create, write, list; HTTPS only) signed with the account key, without the leading '?'.
    /// Emulator choice: it starts five minutes early to allow for clock skew.
    /// </summary>
    public static string ContainerSas(BlobStorage blob, DateTimeOffset now, int hours)
    {
        var builder = new BlobSasBuilder
        {
            BlobContainerName = blob.ContainerName,
            Resource = "c",
            StartsOn = now.AddMinutes(-5),
            ExpiresOn = now.AddHours(hours),
            Protocol = SasProtocol.Https,
        };
        builder.SetPermissions(BlobContainerSasPermissions.Read | BlobContainerSasPermissions.Add |
                               BlobContainerSasPermissions.Create | BlobContainerSasPermissions.Write |
                               BlobContainerSasPermissions.List);
        return builder.ToSasQueryParameters(new StorageSharedKeyCredential(blob.AccountName, blob.AccountKey)).ToString();
    }

    private static Task List(HttpContext ctx, EmulatorState state)
    {
        var ws = ArmLookup.Workspace(ctx);
        var blob = RequireBlob(state) with { ContainerName = ws.ContainerName };
        var query = ctx.Request.Query;
        var skip = NonNegative(query["$skip"].ToString(), "$skip", 0);
        var count = NonNegative(query["count"].ToString(), "count", DefaultCount);
        var isDefault = query["isDefault"].ToString();
        var names = query["names"].ToString();

        // The one datastore is the default: isDefault=false or a names filter without it leaves nothing.
        var all = new List<JsonObject>();
        if (!string.Equals(isDefault, "false", StringComparison.OrdinalIgnoreCase) &&
            (names.Length == 0 || names.Split(',').Any(n => string.Equals(n.Trim(), DefaultDatastore, StringComparison.OrdinalIgnoreCase))))
        {
            all.Add(Render(ws, blob));
        }
        var page = all.Skip(skip).Take(Math.Max(1, count)).ToList();
        var body = new JsonObject { ["value"] = new JsonArray(page.Select(d => (JsonNode)d).ToArray()) };
        var next = skip + page.Count;
        if (next < all.Count)
        {
            var link = $"{state.BaseUrl}{ctx.Request.Path}?api-version={Uri.EscapeDataString(query["api-version"].ToString())}";
            if (isDefault.Length > 0)
            {
                link += "&isDefault=" + Uri.EscapeDataString(isDefault);
            }
            body["nextLink"] = $"{link}&count={count.ToString(CultureInfo.InvariantCulture)}&%24skip={next.ToString(CultureInfo.InvariantCulture)}";
        }
        return ArmJson.Write(ctx, 200, body);
    }

    private static (WorkspaceEntry Workspace, BlobStorage Blob) Lookup(HttpContext ctx, EmulatorState state)
    {
        var ws = ArmLookup.Workspace(ctx);
        var blob = RequireBlob(state) with { ContainerName = ws.ContainerName };
        var name = ctx.Route("name");
        if (!string.Equals(name, DefaultDatastore, StringComparison.OrdinalIgnoreCase))
        {
            // Emulator choice: the contract shows no not-found body for datastores; this is the ARM-style 404.
            throw new ArmException(404, "ResourceNotFound",
                $"The datastore '{name}' was not found in workspace '{ws.Name}'. The emulator has only '{DefaultDatastore}'.");
        }
        return (ws, blob);
    }

    // Emulator choice: without Azurite (--azurite-dir not given) there is no storage behind the datastore, so the
    // datastore routes answer 409 (not retried by clients) with a message saying why.
    private static BlobStorage RequireBlob(EmulatorState state) => state.Blob ?? throw new ArmException(409,
        "EmulatorBlobStorageDisabled",
        "The emulator runs without blob storage (started with -NoBlobStorage, or without --azurite-dir), so the workspace has no datastore. Start it with Azurite to upload data.");

    /// <summary>The DatastoreResource (D.2): never the secret on GET.</summary>
    private static JsonObject Render(WorkspaceEntry ws, BlobStorage blob)
    {
        var created = SeedState.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["id"] = ws.ArmId + "/datastores/" + DefaultDatastore,
            ["name"] = DefaultDatastore,
            ["type"] = SeedState.WorkspaceResourceType + "/datastores",
            ["systemData"] = new JsonObject
            {
                ["createdBy"] = SeedState.EmulatorUserName,
                ["createdByType"] = "User",
                ["createdAt"] = created,
                ["lastModifiedBy"] = SeedState.EmulatorUserName,
                ["lastModifiedByType"] = "User",
                ["lastModifiedAt"] = created,
            },
            ["properties"] = new JsonObject
            {
                ["datastoreType"] = "AzureBlob",
                ["isDefault"] = true,
                ["description"] = "The workspace's default blob datastore (PhiFineTune emulator, Azurite).",
                ["tags"] = new JsonObject(),
                ["properties"] = new JsonObject(),
                ["accountName"] = blob.AccountName,
                ["containerName"] = blob.ContainerName,
                ["endpoint"] = "core.windows.net",
                ["protocol"] = "https",
                ["serviceDataAccessAuthIdentity"] = "None",
                ["subscriptionId"] = SeedState.SubscriptionId,
                ["resourceGroup"] = ws.ResourceGroup,
                ["credentials"] = new JsonObject
                {
                    ["credentialsType"] = "AccountKey",
                    ["secrets"] = new JsonObject { ["secretsType"] = "AccountKey" },
                },
            },
        };
    }

    private static int NonNegative(string text, string name, int fallback)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ArmErrors.BadRequest("InvalidQueryParameterValue", $"The value '{text}' of query parameter '{name}' is invalid; expected a non-negative integer.");
    }
}
