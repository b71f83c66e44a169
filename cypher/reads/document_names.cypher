// The source key of each document a citation names by its file ("<file>:<line>"): tables show the document's
// key where its file is named by a content hash (kg partners, kg city, kg path, kg query).
MATCH (s:Source)
WHERE s.kind = 'document' AND s.file IS NOT NULL
RETURN s.file AS file, s.key AS key
ORDER BY file
