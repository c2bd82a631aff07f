using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crema.Server.Notifications;

/// <summary>Delivers an e-mail through the configured SMTP server (MailKit), one SMTP session per message.</summary>
internal sealed class EmailSender(IOptions<NotificationOptions> options, TimeProvider time)
{
    public async Task<AttemptResult> SendAsync(long deliveryId, string to, string subject, string text, string? link, CancellationToken ct)
    {
        var o = options.Value;
        var smtp = o.Smtp;
        if (string.IsNullOrEmpty(smtp.Host)) return AttemptResult.Fail("email is not configured (set Notifications:Smtp:Host)");

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Date = time.GetUtcNow();
        message.Headers.Add("X-Crema-Delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        message.Body = new TextPart("plain") { Text = link is null ? text : text + "\n\n" + link };

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(o.AttemptTimeout);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, o.AttemptTimeout.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.UseTls), cts.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cts.Token).ConfigureAwait(false);
            await client.SendAsync(message, cts.Token).ConfigureAwait(false);
            await client.DisconnectAsync(true, cts.Token).ConfigureAwait(false);
            return AttemptResult.Delivered;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AttemptResult.Retry($"the SMTP server did not answer within {o.AttemptTimeout.TotalSeconds:0.#} s");
        }
        catch (SmtpCommandException ex)
        {
            // 5xx is a permanent refusal (unknown mailbox, policy); 4xx asks to try again later.
            var error = $"SMTP {(int)ex.StatusCode}: {ex.Message}";
            return (int)ex.StatusCode >= 500 ? AttemptResult.Fail(error) : AttemptResult.Retry(error);
        }
        catch (AuthenticationException ex)
        {
            return AttemptResult.Fail("the SMTP server refused the credentials: " + ex.Message);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or SocketException or IOException or ServiceNotConnectedException or SslHandshakeException)
        {
            return AttemptResult.Retry("SMTP: " + ex.Message);
        }
    }

    private static SecureSocketOptions Security(string useTls) => useTls.ToUpperInvariant() switch
    {
        "NONE" => SecureSocketOptions.None,
        "SSL" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
