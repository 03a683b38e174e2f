# The ruby builder's sample app: answers GET / and GET /healthz on $BIND_ADDRESS:$PORT, with only
# the standard library (Ruby 3 no longer ships WEBrick).
require "socket"

ROUTES = { "/" => "Hello from the ruby builder\n", "/healthz" => "ok\n" }.freeze

host = ENV.fetch("BIND_ADDRESS", "0.0.0.0")
port = Integer(ENV.fetch("PORT", "8080"))
server = TCPServer.new(host, port)
$stdout.sync = true
puts "listening on #{host}:#{port}"
trap("TERM") { exit }

loop do
  client = server.accept
  method, target = client.gets.to_s.split(" ", 3)
  # Read the headers up to the blank line; the sample needs none of them.
  nil until client.gets.to_s.chomp.empty?
  body = method == "GET" ? ROUTES[target.to_s.split("?").first] : nil
  status = body ? "200 OK" : "404 Not Found"
  body ||= "not found\n"
  client.write("HTTP/1.1 #{status}\r\nContent-Type: text/plain; charset=utf-8\r\n" \
               "Content-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}")
  client.close
end
