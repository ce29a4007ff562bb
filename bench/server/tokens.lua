-- wrk: each request as a person picked at random from the seeded ones (file in $TOKENS).
local tokens = {}
for line in io.lines(os.getenv("TOKENS")) do
    tokens[#tokens + 1] = line
end

request = function()
    local token = tokens[math.random(#tokens)]
    return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. token })
end
