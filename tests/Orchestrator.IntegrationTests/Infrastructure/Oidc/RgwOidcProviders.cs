using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.IntegrationTests.Infrastructure.Oidc;

/// <summary>
/// Registers an OpenID Connect provider in radosgw through its IAM API (<c>CreateOpenIDConnectProvider</c>, which
/// radosgw-admin 16 has no command for), as an operator does on AWS. The request is SigV4-signed for service
/// <c>iam</c> here because no AWS IAM SDK package is served to this project; the rgw user needs the caps
/// <c>oidc-provider=*</c> (scripts/rgw-up.sh gives them to the test user).
/// </summary>
public static class RgwOidcProviders
{
    public static async Task<string> CreateAsync(
        string endpoint, string accessKey, string secretKey, string url, string clientId, string thumbprint, CancellationToken cancellationToken = default)
    {
        string body = string.Join('&', new[]
        {
            "Action=CreateOpenIDConnectProvider",
            "Version=2010-05-08",
            "Url=" + Uri.EscapeDataString(url),
            "ClientIDList.member.1=" + Uri.EscapeDataString(clientId),
            "ThumbprintList.member.1=" + Uri.EscapeDataString(thumbprint),
        });
        var uri = new Uri(endpoint.TrimEnd('/') + "/");
        var now = DateTime.UtcNow;
        string amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        string day = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";
        string payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        string host = uri.Authority;
        string canonicalHeaders = $"content-type:{ContentType}\nhost:{host}\nx-amz-content-sha256:{payloadHash}\nx-amz-date:{amzDate}\n";
        const string SignedHeaders = "content-type;host;x-amz-content-sha256;x-amz-date";
        string canonicalRequest = $"POST\n/\n\n{canonicalHeaders}\n{SignedHeaders}\n{payloadHash}";
        string scope = $"{day}/us-east-1/iam/aws4_request";
        string stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day);
        key = Hmac(key, "us-east-1");
        key = Hmac(key, "iam");
        key = Hmac(key, "aws4_request");
        string signature = Hex(Hmac(key, stringToSign));

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.Add("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}");
        using var response = await http.SendAsync(request, cancellationToken);
        string answer = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"CreateOpenIDConnectProvider answered {(int)response.StatusCode}: {answer}");
        }

        return answer;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
