using System.Text.Json.Nodes;

namespace Crema.Server.Notifications;

/// <summary>What is published to a topic: the source (alarm, test…), a subject and text for people, and a JSON body for webhooks.</summary>
public sealed record NotificationMessage(string SourceType, string SourceName, string Subject, string Text, JsonObject Body, string? Link);
