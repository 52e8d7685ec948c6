-- codes.lua — wrk script: every request GETs a path made from a random line of a file of
-- dossier codes, so that the load spreads over the whole table instead of one hot row.
--   wrk … -s codes.lua URL -- CODES_FILE '/api/v1/lookup/%s'
local codes, pattern = {}, "/%s"

function init(args)
  for line in io.lines(args[1]) do
    codes[#codes + 1] = line
  end
  pattern = args[2] or pattern
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
end

function request()
  return wrk.format("GET", string.format(pattern, codes[math.random(#codes)]))
end
