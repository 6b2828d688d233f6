-- wrk: two-character searches of the synthetic county, in turn. Common words (完成 is in three
-- of every four progress notes, 政务 in a sixth of the titles) and rarer ones, each as the page
-- with every kind's best, and the commonest also one kind deep in its pages.
local queries = {
  "q=完成", "q=验收", "q=政务", "q=乡镇", "q=部署", "q=治理", "q=试点", "q=扩容",
  "q=指标", "q=数字", "q=机房", "q=网络",
  "q=完成&kind=milestone_progress", "q=完成&kind=milestone_progress&page=20",
  "q=政务&kind=milestone&page=3",
}

local function encode(text)
  return (text:gsub("[^%w=&_]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/search?" .. encode(queries[i]))
end
