-- wrk script of `make bench`: readers spread over many pages, as on a real site.
--   wrk -t2 -c32 -d10s -s bench/zipf.lua http://127.0.0.1:8000 -- MIX_FILE
-- MIX_FILE (bench/urlset.py) has one "<cumulative weight> <path>" line per URL, most popular
-- first, the weights precomputed for Zipf's law (s = 1). Each request draws a uniform number
-- and finds its URL by binary search. Responses and page cache hits (`X-Page-Cache: hit`) are
-- counted per thread (each wrk thread is its own Lua state) and summed in done().

local threads = {}
local cumulative, paths = {}, {}
responses, hits = 0, 0

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(args[1]) do
      local weight, path = line:match("^(%S+) (.+)$")
      table.insert(cumulative, tonumber(weight))
      table.insert(paths, path)
   end
   math.randomseed(os.time() * 100 + (id or 0))
end

local function pick(u)
   local low, high = 1, #cumulative
   while low < high do
      local middle = math.floor((low + high) / 2)
      if cumulative[middle] < u then low = middle + 1 else high = middle end
   end
   return paths[low]
end

function request()
   return wrk.format("GET", pick(math.random()))
end

function response(status, headers, body)
   responses = responses + 1
   -- Header names come as the server spelled them.
   local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
   if cache == "hit" then hits = hits + 1 end
end

function done(summary, latency, requests)
   local total_responses, total_hits = 0, 0
   for _, thread in ipairs(threads) do
      total_responses = total_responses + thread:get("responses")
      total_hits = total_hits + thread:get("hits")
   end
   io.write(string.format("zipf: responses %d, page cache hits %d\n", total_responses, total_hits))
end
