using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhiFineTune.Emulator;

/// <summary>
/// Ordered fault rules. The first rule that matches the request's operation and fires applies.
/// Thread-safe: the per-rule Random is drawn under the lock, so a seeded run repeats.
/// </summary>
public sealed class FaultInjection
{
    private readonly object _lock = new();
    private readonly List<Rule> _rules = new();
    private int _nextId = 1;

    public List<FaultRuleView> Add(IReadOnlyList<FaultRuleSpec> specs)
    {
        foreach (var spec in specs)
        {
            Validate(spec);
        }
        lock (_lock)
        {
            var added = new List<Rule>();
            foreach (var spec in specs)
            {
                var op = spec.Operation == "*" ? "*" : ArmOperations.All[spec.Operation!].OperationId;
                var rule = new Rule($"fault-{_nextId++}", op, spec);
                _rules.Add(rule);
                added.Add(rule);
            }
            return added.Select(r => r.View()).ToList();
        }
    }

    public List<FaultRuleView> List()
    {
        lock (_lock)
        {
            return _rules.Select(r => r.View()).ToList();
        }
    }

    public bool Remove(string id)
    {
        lock (_lock)
        {
            return _rules.RemoveAll(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase)) > 0;
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>Checks the rules in order for this operation; returns the first that fires, or null.</summary>
    public FiredFault? Match(ArmOperation op)
    {
        lock (_lock)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining == 0)
                {
                    continue;
                }
                var matches = rule.Operation == "*"
                    ? op.IsArm
                    : string.Equals(rule.Operation, op.OperationId, StringComparison.OrdinalIgnoreCase);
                if (!matches)
                {
                    continue;
                }
                if (rule.Random is not null && rule.Random.NextDouble() >= rule.Spec.Probability!.Value)
                {
                    continue;
                }
                if (rule.Remaining is not null)
                {
                    rule.Remaining--;
                }
                rule.Fired++;
                var s = rule.Spec;
                var retryAfter = s.Kind == FaultKind.Throttle ? s.RetryAfterSeconds ?? 1 : s.RetryAfterSeconds;
                return new FiredFault(rule.Id, s.Kind!.Value, retryAfter, s.LatencyMs ?? 0);
            }
            return null;
        }
    }

    /// <summary>Parses one rule object or an array of rules.</summary>
    public static List<FaultRuleSpec> Parse(JsonNode? node)
    {
        try
        {
            return node switch
            {
                JsonArray array => array.Select(n => n.Deserialize<FaultRuleSpec>(ArmJson.Options)
                    ?? throw ArmErrors.BadRequest("InvalidFaultRule", "A fault rule must be a JSON object.")).ToList(),
                JsonObject obj => new List<FaultRuleSpec> { obj.Deserialize<FaultRuleSpec>(ArmJson.Options)! },
                _ => throw ArmErrors.BadRequest("InvalidFaultRule", "Send one fault rule object or an array of them."),
            };
        }
        catch (JsonException e)
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", $"The fault rule could not be read: {e.Message} Kinds: {string.Join(", ", Enum.GetNames<FaultKind>())}.");
        }
    }

    private static void Validate(FaultRuleSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Operation))
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", "A fault rule needs \"operation\": an operationId or \"*\".");
        }
        if (spec.Operation != "*" && !ArmOperations.All.ContainsKey(spec.Operation))
        {
            throw ArmErrors.BadRequest("InvalidFaultRule",
                $"Unknown operation '{spec.Operation}'. Known: *, {string.Join(", ", ArmOperations.All.Values.Select(o => o.OperationId))}.");
        }
        if (spec.Kind is null)
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", $"A fault rule needs \"kind\": one of {string.Join(", ", Enum.GetNames<FaultKind>())}.");
        }
        if (spec.Count is < 1)
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", "\"count\" must be at least 1 (omit it for every matching request).");
        }
        if (spec.Probability is < 0 or > 1 || (spec.Probability is double p && double.IsNaN(p)))
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", "\"probability\" must be between 0 and 1.");
        }
        if (spec.RetryAfterSeconds is < 0)
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", "\"retryAfterSeconds\" must not be negative.");
        }
        if (spec.Kind == FaultKind.Latency && spec.LatencyMs is null or < 0)
        {
            throw ArmErrors.BadRequest("InvalidFaultRule", "A Latency rule needs \"latencyMs\" (0 or more).");
        }
    }

    private sealed class Rule(string id, string operation, FaultRuleSpec spec)
    {
        public string Id { get; } = id;
        public string Operation { get; } = operation;
        public FaultRuleSpec Spec { get; } = spec;
        public int? Remaining { get; set; } = spec.Count;
        public Random? Random { get; } = spec.Probability is null ? null : new Random(spec.Seed ?? 0);
        public int Fired { get; set; }

        public FaultRuleView View() => new(Id, Operation, Spec.Kind!.Value, Spec.Count, Spec.Probability,
            Spec.Probability is null ? Spec.Seed : Spec.Seed ?? 0, Spec.RetryAfterSeconds, Spec.LatencyMs, Remaining, Fired, Remaining == 0);
    }
}
